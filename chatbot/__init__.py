"""The platform-neutral core: messages, replies, commands, roles, ports and translations."""
