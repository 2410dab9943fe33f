"""Language processing: personal-data scrubbing (and, later, IGLO x JD-R coding)."""
