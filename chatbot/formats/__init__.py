"""File formats the bot reads and writes (the directory as CSV today; xlsx, ods, HTML and PDF
next), used alike by the CLI and by the commands: one place per format."""
