"""Baidu Netdisk: reading a share page (share), verifying an extraction code against the share (verify)
and the code's history (codes).
"""
