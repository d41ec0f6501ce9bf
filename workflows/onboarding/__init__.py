"""The onboarding of one volunteer in one department, as a viewflow process: intake ->
information note given -> duty to report checked -> insured -> active. Its steps record
through the register's services (`insurance.services`)."""
