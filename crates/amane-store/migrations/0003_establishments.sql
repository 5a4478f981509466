-- Reference data: the regions of the deployment's country (Morocco's twelve by default; `amane import regions`
-- replaces them) and the registry of establishments, keyed by their official code.

CREATE TABLE regions (
    code    TEXT PRIMARY KEY,
    name_fr TEXT NOT NULL,
    name_ar TEXT NOT NULL
);

INSERT INTO regions (code, name_fr, name_ar) VALUES
    ('01', 'Tanger-Tétouan-Al Hoceïma', 'طنجة تطوان الحسيمة'),
    ('02', 'L''Oriental', 'الشرق'),
    ('03', 'Fès-Meknès', 'فاس مكناس'),
    ('04', 'Rabat-Salé-Kénitra', 'الرباط سلا القنيطرة'),
    ('05', 'Béni Mellal-Khénifra', 'بني ملال خنيفرة'),
    ('06', 'Casablanca-Settat', 'الدار البيضاء سطات'),
    ('07', 'Marrakech-Safi', 'مراكش آسفي'),
    ('08', 'Drâa-Tafilalet', 'درعة تافيلالت'),
    ('09', 'Souss-Massa', 'سوس ماسة'),
    ('10', 'Guelmim-Oued Noun', 'كلميم واد نون'),
    ('11', 'Laâyoune-Sakia El Hamra', 'العيون الساقية الحمراء'),
    ('12', 'Dakhla-Oued Ed-Dahab', 'الداخلة وادي الذهب');

CREATE TABLE establishments (
    code        TEXT PRIMARY KEY,
    name_fr     TEXT NOT NULL,
    name_ar     TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    province    TEXT NOT NULL,
    commune     TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('primary', 'middle', 'secondary', 'higher', 'other')),
    sector      TEXT NOT NULL CHECK (sector IN ('public', 'private')),
    setting     TEXT NOT NULL CHECK (setting IN ('urban', 'rural')),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX establishments_region ON establishments (region_code, province);
CREATE INDEX establishments_name ON establishments (name_fr);
