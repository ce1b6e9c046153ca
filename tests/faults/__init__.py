"""The fault suite (issue 11): hostile and odd inputs, killed workers and runs, concurrent runs,
a full disk, crafted cache entries and bad configuration, each with its exact outcome."""
