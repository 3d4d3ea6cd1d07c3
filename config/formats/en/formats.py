# One way to write a date per language, on every page, list and PDF: "1 Mar 2017", never
# "March 1, 2017" beside "03/01/2017" (Django's defaults for the long and the short form).
DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i"
