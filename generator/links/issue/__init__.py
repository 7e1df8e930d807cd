"""The one link-rot issue: what it says (plan) and the news since the last run (news)."""
