-- The demo step of each module that has run on this database
-- (domain/module.hpp RunDemoSteps): `init --demo` on an existing database runs
-- only the steps of modules it lacks, so an installed demo gains new modules
-- on upgrade. "orgs" stands for the organization itself (the bureau, its
-- people, communities and accounts, or the minimal root and admin): a
-- database initialised before this table existed has it done.
CREATE TABLE module_demo_steps (
  module TEXT PRIMARY KEY,
  ran_at TEXT NOT NULL
);
INSERT INTO module_demo_steps (module, ran_at)
  SELECT 'orgs', MIN(created_at) FROM orgs HAVING COUNT(*) > 0;
