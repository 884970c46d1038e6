-- 2025 as the State Council's notice set it (国办发明电, 2024-11-12: 春节 and 劳动节 a day longer
-- than before), so that time limits running back into 2025 count its holidays too. The days an
-- administrator entered already are kept as they are.
INSERT INTO calendar_days (day, kind, name, updated_at, updated_by) VALUES
  (20250101, 'holiday', '元旦', 0, ''),
  (20250126, 'workday', '春节调休上班', 0, ''), (20250128, 'holiday', '春节', 0, ''),
  (20250129, 'holiday', '春节', 0, ''), (20250130, 'holiday', '春节', 0, ''),
  (20250131, 'holiday', '春节', 0, ''), (20250201, 'holiday', '春节', 0, ''),
  (20250202, 'holiday', '春节', 0, ''), (20250203, 'holiday', '春节', 0, ''),
  (20250204, 'holiday', '春节', 0, ''), (20250208, 'workday', '春节调休上班', 0, ''),
  (20250404, 'holiday', '清明节', 0, ''), (20250405, 'holiday', '清明节', 0, ''),
  (20250406, 'holiday', '清明节', 0, ''),
  (20250427, 'workday', '劳动节调休上班', 0, ''), (20250501, 'holiday', '劳动节', 0, ''),
  (20250502, 'holiday', '劳动节', 0, ''), (20250503, 'holiday', '劳动节', 0, ''),
  (20250504, 'holiday', '劳动节', 0, ''), (20250505, 'holiday', '劳动节', 0, ''),
  (20250531, 'holiday', '端午节', 0, ''), (20250601, 'holiday', '端午节', 0, ''),
  (20250602, 'holiday', '端午节', 0, ''),
  (20250928, 'workday', '国庆节、中秋节调休上班', 0, ''),
  (20251001, 'holiday', '国庆节、中秋节', 0, ''), (20251002, 'holiday', '国庆节、中秋节', 0, ''),
  (20251003, 'holiday', '国庆节、中秋节', 0, ''), (20251004, 'holiday', '国庆节、中秋节', 0, ''),
  (20251005, 'holiday', '国庆节、中秋节', 0, ''), (20251006, 'holiday', '国庆节、中秋节', 0, ''),
  (20251007, 'holiday', '国庆节、中秋节', 0, ''), (20251008, 'holiday', '国庆节、中秋节', 0, ''),
  (20251011, 'workday', '国庆节、中秋节调休上班', 0, '')
ON CONFLICT (day) DO NOTHING;
