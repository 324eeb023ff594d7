"""Trust: finding, repairing and showing what a reader should not take on faith.

checks.py flags a translated sentence (no model needed) and calls on: numbers.py (numbers in
both languages, by value), omissions.py (an English that stops halfway, a token or quotation
left out), places.py (countries and cities, from data/places.tsv), people.py (known names),
spelling.py (consonant skeletons: a word and its transliteration). pairs.py reads what
`check` re-checks; support.py backs the summary with the article.
"""
