"""Importing a department's volunteer list (CSV or XLSX) into the register, in four parts:

- `file_reader`: the bytes of a file -> numbered rows (or the whole file refused: not a
  list at all); a line that cannot be read is that line's problem only;
- `row_checker`: one row -> a checked row with its warnings, or the reasons it cannot be
  imported. A problem in a secondary field (e-mail, phone, address, emergency contact,
  tasks) is a warning: that field stays empty and the volunteer is registered and insured;
- `row_writer`: the checked rows -> the register, in batches, with a result for every line
  (`volunteers_import`); the cover through the insured-once rule (`services.coverage`);
- `uploads`: the life of an uploaded file: upload -> check (a dry run) -> confirm ->
  import, in a Celery task, or discarded (by the user, or when it was never confirmed).
"""
