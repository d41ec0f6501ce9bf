"""The site's own date and number formats (settings.FORMAT_MODULE_PATH).

One date format and one date-time format everywhere: our templates, viewflow's lists and
pages, and Python (`django.utils.formats.date_format`). The SHORT_ formats are the same on
purpose, so that no page shows a second style. Forms accept dd/mm/yyyy, dd-mm-yyyy and
yyyy-mm-dd (the last is what a browser's date field sends)."""
