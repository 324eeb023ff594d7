"""Trust: finding, repairing and showing what a reader should not take on faith.

checks.py flags a translated sentence (no model needed); numbers.py reads numbers in both
languages by value.
"""
