"""Application shell: settings, database, channels, web server, command line."""
