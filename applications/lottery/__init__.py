"""The public lottery: the protocol (plain Python) and the services around it."""
