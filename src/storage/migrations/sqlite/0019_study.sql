-- Study (domain/study): study materials with chapters (the four designated
-- books of 2021 seeded below), the self-study log, and 学习强国 points
-- imported from monthly .xlsx exports.
--
-- study_materials: org_id is the org whose admins edit it; NULL for the
-- seeded books (system admins edit them). Every signed-in account reads them.
CREATE TABLE study_materials (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  publisher TEXT NOT NULL DEFAULT '',
  designated INTEGER NOT NULL DEFAULT 0,
  org_id INTEGER REFERENCES orgs(id),
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Chapters keep their id across edits (logs name them); position orders them.
CREATE TABLE study_chapters (
  id INTEGER PRIMARY KEY,
  material_id INTEGER NOT NULL REFERENCES study_materials(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL
);
CREATE INDEX study_chapters_material ON study_chapters(material_id, position);
-- One self-study entry of one person (学习心得 in notes). Archived, never
-- deleted. A person's minutes of one day total at most 1,440.
CREATE TABLE study_logs (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  study_date TEXT NOT NULL,
  material_id INTEGER NOT NULL REFERENCES study_materials(id),
  chapter_id INTEGER REFERENCES study_chapters(id),
  minutes INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX study_logs_person_date ON study_logs(person_id, study_date, id);
CREATE INDEX study_logs_list_date ON study_logs(study_date, id);
-- 学习强国 uploads: the file kept between the wizard's steps (map columns,
-- resolve rows, confirm); imported once.
CREATE TABLE xuexi_uploads (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  file_name TEXT NOT NULL,
  data BLOB NOT NULL,
  imported INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
-- The column mapping an uploader used last for an org (header titles).
CREATE TABLE xuexi_mappings (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  name_column TEXT NOT NULL,
  org_column TEXT NOT NULL,
  points_column TEXT NOT NULL,
  period_column TEXT NOT NULL,
  PRIMARY KEY (account_id, org_id)
);
-- Points of one person in one month (YYYY-MM); a later import of the same
-- month replaces them.
CREATE TABLE xuexi_points (
  person_id INTEGER NOT NULL REFERENCES people(id),
  period TEXT NOT NULL,
  points INTEGER NOT NULL,
  upload_id INTEGER NOT NULL REFERENCES xuexi_uploads(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (person_id, period)
);
CREATE INDEX xuexi_points_period ON xuexi_points(period, points);
-- The four designated books of 2021 (指定学习材料). Chapters: see docs (where the
-- exact titles were not certain, the book's real part structure).
INSERT INTO study_materials (title, author, publisher, designated, created_at, updated_at) VALUES ('论中国共产党历史', '习近平', '中央文献出版社', 1, '2021-02-20T00:00:00Z', '2021-02-20T00:00:00Z');
INSERT INTO study_chapters (material_id, position, title) SELECT id, 0, '2012年—2013年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 1, '2014年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 2, '2015年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 3, '2016年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 4, '2017年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 5, '2018年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 6, '2019年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 7, '2020年的文稿' FROM study_materials WHERE title = '论中国共产党历史';
INSERT INTO study_materials (title, author, publisher, designated, created_at, updated_at) VALUES ('毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编', '中共中央党史和文献研究院 编', '中央文献出版社、中共党史出版社', 1, '2021-02-20T00:00:00Z', '2021-02-20T00:00:00Z');
INSERT INTO study_chapters (material_id, position, title) SELECT id, 0, '毛泽东同志关于中国共产党历史的论述' FROM study_materials WHERE title = '毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 1, '邓小平同志关于中国共产党历史的论述' FROM study_materials WHERE title = '毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 2, '江泽民同志关于中国共产党历史的论述' FROM study_materials WHERE title = '毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 3, '胡锦涛同志关于中国共产党历史的论述' FROM study_materials WHERE title = '毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编';
INSERT INTO study_materials (title, author, publisher, designated, created_at, updated_at) VALUES ('习近平新时代中国特色社会主义思想学习问答', '中共中央宣传部 编', '学习出版社、人民出版社', 1, '2021-02-20T00:00:00Z', '2021-02-20T00:00:00Z');
INSERT INTO study_chapters (material_id, position, title) SELECT id, 0, '第一专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 1, '第二专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 2, '第三专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 3, '第四专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 4, '第五专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 5, '第六专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 6, '第七专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 7, '第八专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 8, '第九专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 9, '第十专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 10, '第十一专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 11, '第十二专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 12, '第十三专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 13, '第十四专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 14, '第十五专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 15, '第十六专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 16, '第十七专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 17, '第十八专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 18, '第十九专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 19, '第二十专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 20, '第二十一专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 21, '第二十二专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 22, '第二十三专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 23, '第二十四专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 24, '第二十五专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 25, '第二十六专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 26, '第二十七专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 27, '第二十八专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 28, '第二十九专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 29, '第三十专题' FROM study_materials WHERE title = '习近平新时代中国特色社会主义思想学习问答';
INSERT INTO study_materials (title, author, publisher, designated, created_at, updated_at) VALUES ('中国共产党简史', '本书编写组', '人民出版社、中共党史出版社', 1, '2021-02-20T00:00:00Z', '2021-02-20T00:00:00Z');
INSERT INTO study_chapters (material_id, position, title) SELECT id, 0, '第一章 中国共产党的创建和投身大革命的洪流' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 1, '第二章 掀起土地革命的风暴' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 2, '第三章 全民族抗日战争的中流砥柱' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 3, '第四章 夺取新民主主义革命的全国性胜利' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 4, '第五章 中华人民共和国的成立和社会主义制度的建立' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 5, '第六章 社会主义建设在探索中曲折发展' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 6, '第七章 伟大历史转折和中国特色社会主义的开创' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 7, '第八章 把中国特色社会主义全面推向二十一世纪' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 8, '第九章 在新的形势下坚持和发展中国特色社会主义' FROM study_materials WHERE title = '中国共产党简史';
INSERT INTO study_chapters (material_id, position, title) SELECT id, 9, '第十章 中国特色社会主义进入新时代' FROM study_materials WHERE title = '中国共产党简史';
