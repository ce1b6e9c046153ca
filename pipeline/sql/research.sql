-- DuckDB views over a followthrough output folder: the tables, one row per item, and two
-- research questions answered in one statement each. From the project folder:
--
--   duckdb -cmd "SET VARIABLE outputs = 'outputs'" -cmd "SET VARIABLE as_of = DATE '2010-06-01'" \
--          -cmd ".read pipeline/sql/research.sql"
--
-- `outputs` is the folder (default 'outputs'); `as_of` decides what is overdue (default today).
-- The rules are those of pipeline.items and pipeline.compare (the report): an item is a thread,
-- or a record no thread holds; its status is the latest stated; it is overdue when the last due
-- date of its responses has passed on as_of and it is neither achieved nor stopped.

CREATE OR REPLACE MACRO ft_table(name) AS coalesce(getvariable('outputs'), 'outputs') || '/' || name || '.parquet';
CREATE OR REPLACE VIEW documents AS SELECT * FROM read_parquet(ft_table('documents'));
CREATE OR REPLACE VIEW recommendations AS SELECT * FROM read_parquet(ft_table('recommendations'));
CREATE OR REPLACE VIEW responses AS SELECT * FROM read_parquet(ft_table('responses'));
CREATE OR REPLACE VIEW updates AS SELECT * FROM read_parquet(ft_table('updates'));
CREATE OR REPLACE VIEW entities AS SELECT * FROM read_parquet(ft_table('entities'));
CREATE OR REPLACE VIEW threads AS SELECT * FROM read_parquet(ft_table('threads'));
CREATE OR REPLACE VIEW quarantine AS SELECT * FROM read_parquet(ft_table('quarantine'));

CREATE OR REPLACE VIEW items AS
WITH records AS (
    SELECT r.*, coalesce(r.thread_id, r.rec_id) AS item_id,
           coalesce(d.council, '(council unknown)') AS council, d.meeting_date, d.doc_type
    FROM recommendations r LEFT JOIN documents d USING (doc_id)
), answers AS (
    SELECT rec.item_id, s.*, coalesce(s.approved_date, d.meeting_date) AS response_date
    FROM responses s JOIN records rec USING (rec_id) LEFT JOIN documents d ON d.doc_id = s.doc_id
), answered AS (
    SELECT item_id, count(*) AS responses,
           last(decision ORDER BY response_date NULLS LAST, response_id) FILTER (WHERE decision IS NOT NULL) AS decision,
           list_distinct(flatten(list(officers))) AS officers,
           list_distinct(flatten(list(officer_roles))) AS officer_roles,
           last(responder ORDER BY response_date NULLS LAST, response_id) FILTER (WHERE responder IS NOT NULL) AS responder,
           max(list_max(due_dates)) AS last_due_date
    FROM answers GROUP BY item_id
), followed AS (
    SELECT item_id,
           first(council ORDER BY meeting_date NULLS LAST, rec_id) AS council,
           first(kind ORDER BY meeting_date NULLS LAST, rec_id) AS kind,
           first(number ORDER BY meeting_date NULLS LAST, rec_id) AS number,
           first(text ORDER BY meeting_date NULLS LAST, rec_id) AS text,
           first(doc_type ORDER BY meeting_date NULLS LAST, rec_id) AS doc_type,
           first(meeting_date ORDER BY meeting_date NULLS LAST, rec_id) AS made_date,
           first(addressee ORDER BY meeting_date NULLS LAST, rec_id) FILTER (WHERE addressee IS NOT NULL) AS addressee,
           last(status ORDER BY meeting_date NULLS LAST, rec_id) FILTER (WHERE status IS NOT NULL) AS status,
           count(DISTINCT doc_id) AS papers, list(rec_id ORDER BY meeting_date NULLS LAST, rec_id) AS rec_ids
    FROM records GROUP BY item_id
)
SELECT f.*, coalesce(a.responses, 0) AS responses, a.decision, a.responder,
       coalesce(a.officers, []) AS officers, coalesce(a.officer_roles, []) AS officer_roles, a.last_due_date,
       coalesce(f.status NOT IN ('achieved', 'stopped'), true) AS open,
       coalesce(a.last_due_date < coalesce(getvariable('as_of'), current_date)
                AND coalesce(f.status NOT IN ('achieved', 'stopped'), true), false) AS overdue,
       CASE WHEN a.last_due_date < coalesce(getvariable('as_of'), current_date)
                 AND coalesce(f.status NOT IN ('achieved', 'stopped'), true)
            THEN coalesce(getvariable('as_of'), current_date) - a.last_due_date END AS days_overdue
FROM followed f LEFT JOIN answered a USING (item_id);

-- How do councils compare in following through? Rates over empty groups are NULL (no data).
--   SELECT * FROM council_followthrough WHERE council ILIKE '%Leeds%' OR council ILIKE '%Dudley%';
CREATE OR REPLACE VIEW council_followthrough AS
WITH councils AS (
    SELECT coalesce(council, '(council unknown)') AS council, count(*) AS papers FROM documents GROUP BY ALL
), counts AS (
    SELECT council, count(*) AS items,
           count(*) FILTER (WHERE kind = 'recommendation') AS recommendations,
           count(*) FILTER (WHERE kind = 'decision') AS decisions,
           count(*) FILTER (WHERE kind = 'recommendation' AND responses > 0) AS answered,
           count(*) FILTER (WHERE kind = 'recommendation' AND decision IS NOT NULL) AS decided,
           count(*) FILTER (WHERE kind = 'recommendation' AND decision = 'accepted') AS accepted,
           count(*) FILTER (WHERE status = 'achieved') AS achieved,
           count(*) FILTER (WHERE last_due_date IS NOT NULL) AS with_due_date,
           count(*) FILTER (WHERE overdue) AS overdue
    FROM items GROUP BY council
)
SELECT c.council, c.papers, coalesce(n.items, 0) AS items, coalesce(n.recommendations, 0) AS recommendations,
       coalesce(n.decisions, 0) AS decisions, coalesce(n.answered, 0) AS answered,
       n.answered / nullif(n.recommendations, 0) AS answered_share,
       coalesce(n.decided, 0) AS decided, coalesce(n.accepted, 0) AS accepted,
       n.accepted / nullif(n.decided, 0) AS accepted_share,
       coalesce(n.achieved, 0) AS achieved, n.achieved / nullif(n.items, 0) AS achieved_share,
       coalesce(n.with_due_date, 0) AS with_due_date, coalesce(n.overdue, 0) AS overdue,
       n.overdue / nullif(n.with_due_date, 0) AS overdue_share
FROM councils c LEFT JOIN counts n USING (council)
ORDER BY c.council = '(council unknown)', c.council;

-- Which recommendations are overdue, and who is responsible?
--   SELECT * FROM overdue_items;
CREATE OR REPLACE VIEW overdue_items AS
SELECT council, number, text, last_due_date, days_overdue, status, officers, officer_roles, addressee,
       responder, rec_ids
FROM items WHERE overdue
ORDER BY council, days_overdue DESC, item_id;
