# One way to write a date per language, on every page, list and PDF: "1 mrt 2017", never
# "1 maart 2017" beside "01-03-2017" (Django's defaults for the long and the short form).
DATE_FORMAT = SHORT_DATE_FORMAT = "j b Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j b Y, H:i"
