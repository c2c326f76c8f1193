// Not listed in course.xml: `grade verify` reports it.
