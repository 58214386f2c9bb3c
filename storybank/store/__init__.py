"""The bank on disk: storage, validation, upgrades, backups, locking, atomic files."""
