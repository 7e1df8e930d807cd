"""The link history across runs: the rules that move it on (history), the JSON file (file), one run at
a time per file (lock).
"""
