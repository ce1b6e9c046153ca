"""The records contract of followthrough (SPEC.md) in code: the single source of truth."""
SCHEMA_VERSION = "2"
PIPELINE_VERSION = "0.1.0"
