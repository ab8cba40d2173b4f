"""The shipped dictionaries (CSV data); see README.md here for sources and licences."""
