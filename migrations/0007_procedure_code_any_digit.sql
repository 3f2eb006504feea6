-- National procedure codes are a digit, a dot and six digits: codes beginning with 3 exist too (3.000323), and the
-- national catalogue crawl holds eight of them (issue 10). Forward-only: 0003 stays as applied.
ALTER TABLE procedures DROP CONSTRAINT procedures_code_form;
ALTER TABLE procedures ADD CONSTRAINT procedures_code_form CHECK (code ~ '^[0-9]\.[0-9]{6}$');
