"""The quick index beside a bank: a checked cache, walled off from the rest."""
