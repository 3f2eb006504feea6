-- Sign-in is throttled per account name and address with back-off, counted in rate_limits (0008), so that nobody can
-- lock another person's account from elsewhere. The account-wide lock these columns held is no longer written or read.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
