"""Little BERTs catalogue generator."""
