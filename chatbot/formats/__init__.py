"""File formats the bot reads and writes (the directory as CSV, xlsx and ods, its printable list
as HTML and PDF: :mod:`chatbot.formats.directory_files` picks one by extension), used alike by
the CLI and by the commands: one place per format."""
