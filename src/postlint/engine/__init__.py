"""The lint engine: plugins, rule registry, run context, suppressions and fixes."""
