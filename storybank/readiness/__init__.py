"""Interview readiness: questions, matching, coverage and job-ad prep."""
