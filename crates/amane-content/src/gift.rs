//! GIFT question banks (Moodle's text format): reading and writing.
