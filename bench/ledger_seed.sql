-- bench/ledger.sh's data, for SQLite and PostgreSQL alike (the script puts
-- the values in: :now, a UTC time, and :today, China's date, as quoted
-- literals; :days, the 361 dates today - 180 .. today + 180 as (shift, date)
-- rows, since the two engines do date arithmetic differently): 25 districts
-- of 19 branches under 机关党委 (500 orgs), a responsible person with an
-- account per org (a district's is the leader of its branches' items), and
-- 200,000 ledger items, 400 per org.
CREATE TEMP TABLE bench_days (shift INTEGER PRIMARY KEY, day TEXT NOT NULL);
INSERT INTO bench_days (shift, day) VALUES :days;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25)
INSERT INTO orgs (parent_id, name, kind, path, sort_order, created_at, updated_at)
SELECT c.id, '压测片区' || i, 'general_branch', '', 100 + i, :now, :now
FROM n, orgs c WHERE c.name = '市统计局机关党委';
UPDATE orgs SET path = (SELECT p.path FROM orgs p WHERE p.id = orgs.parent_id) || id || '/'
WHERE name LIKE '压测片区%';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT INTO orgs (parent_id, name, kind, path, sort_order, created_at, updated_at)
SELECT d.id, d.name || '第' || i || '支部', 'branch', '', i, :now, :now
FROM n, orgs d WHERE d.name LIKE '压测片区%' AND d.kind = 'general_branch';
UPDATE orgs SET path = (SELECT p.path FROM orgs p WHERE p.id = orgs.parent_id) || id || '/'
WHERE name LIKE '压测片区%支部';

INSERT INTO people (name, category, org_id, org_path, created_at, updated_at)
SELECT '压测责任人' || id, 'member', id, path, :now, :now FROM orgs WHERE name LIKE '压测片区%';
INSERT INTO accounts (username, display_name, password_hash, person_id, created_at, updated_at)
SELECT 'bench' || id, name, 'not-a-hash', id, :now, :now FROM people WHERE name LIKE '压测责任人%';

CREATE TEMP TABLE bench_orgs (n INTEGER PRIMARY KEY, id INTEGER, path TEXT, responsible INTEGER,
  leader INTEGER);
INSERT INTO bench_orgs
SELECT ROW_NUMBER() OVER (ORDER BY o.id) - 1 AS n, o.id, o.path, r.id AS responsible, l.id AS leader
FROM orgs o
JOIN people r ON r.org_id = o.id AND r.name LIKE '压测责任人%'
JOIN people l ON l.org_id = CASE WHEN o.kind = 'branch' THEN o.parent_id ELSE o.id END
  AND l.name LIKE '压测责任人%'
WHERE o.name LIKE '压测片区%';

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999),
items AS (
  SELECT i, o.id AS org_id, o.path, o.responsible, o.leader, d.day AS deadline,
         CASE WHEN i % 10 < 3 THEN 'closed' WHEN i % 10 = 3 THEN 'pending'
              WHEN i % 10 < 8 THEN 'in_progress' ELSE 'to_verify' END AS status
  FROM n JOIN bench_orgs o ON o.n = i % 500
  JOIN bench_days d ON d.shift = (i * 7919) % 361 - 180)
INSERT INTO ledger_items (kind, title, measures, org_id, org_path, responsible_person_id,
  leader_person_id, deadline, original_deadline, status, closed_at, closed_by_person_id,
  created_at, updated_at)
SELECT CASE i % 3 WHEN 0 THEN 'rectification' WHEN 1 THEN 'concern' ELSE 'project' END,
       '压测事项' || i, '整改措施' || i, org_id, path, responsible, leader, deadline, deadline,
       status, CASE WHEN status = 'closed' THEN :now END,
       CASE WHEN status = 'closed' THEN leader END, :now, :now
FROM items;
COMMIT;
