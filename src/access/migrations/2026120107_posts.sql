-- The post a user holds at each unit they serve (书记, 两委委员, 社区工作者, 网格长, 专职/兼职网格员).
ALTER TABLE user_units ADD COLUMN post TEXT;
