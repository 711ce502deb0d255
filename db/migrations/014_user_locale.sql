-- The workspace language a user chose; NULL means "as my browser asks" (Accept-Language).
ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('de', 'en'));
