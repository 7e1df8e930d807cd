"""Checking one link: the prober (fetch), its requests (transport) and their deadline, the verdict
rules (classify), per-host politeness (schedule), URL guards (urls) and the bounds on every stored
server value (bounds).
"""
