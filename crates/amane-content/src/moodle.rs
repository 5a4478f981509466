//! Moodle XML question banks: reading and writing.
