"""What a link serves: file names, sizes and hashes read from answers (listing), and how they change
between runs (changes).
"""
