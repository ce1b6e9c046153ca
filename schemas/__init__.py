"""The records contract of followthrough (SPEC.md) in code: the single source of truth."""
SCHEMA_VERSION = "1"
PIPELINE_VERSION = "0.1.0"
