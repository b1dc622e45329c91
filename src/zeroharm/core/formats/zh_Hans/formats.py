# Counts in Chinese pages are grouped by thousands with a comma (1,234,567), as in Chinese reports and
# statistics tables; Django's own zh_Hans formats set no separator. Everything else comes from Django's.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
