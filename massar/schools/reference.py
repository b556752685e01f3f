"""National reference data: cycles, levels, lycée streams and subjects (codes are stable; names ar/fr/en).

Loaded by a data migration, so every database (demo, test, production) has the same codes.
"""

CYCLES = [
    # code, order, ar, fr, en
    ("primary", 1, "التعليم الابتدائي", "Primaire", "Primary"),
    ("college", 2, "التعليم الثانوي الإعدادي", "Secondaire collégial", "Lower secondary"),
    ("lycee", 3, "التعليم الثانوي التأهيلي", "Secondaire qualifiant", "Upper secondary"),
]

LEVELS = [
    # code, cycle, order, ar, fr, en
    ("1AP", "primary", 1, "المستوى الأول ابتدائي", "1ère année primaire", "Primary year 1"),
    ("2AP", "primary", 2, "المستوى الثاني ابتدائي", "2ème année primaire", "Primary year 2"),
    ("3AP", "primary", 3, "المستوى الثالث ابتدائي", "3ème année primaire", "Primary year 3"),
    ("4AP", "primary", 4, "المستوى الرابع ابتدائي", "4ème année primaire", "Primary year 4"),
    ("5AP", "primary", 5, "المستوى الخامس ابتدائي", "5ème année primaire", "Primary year 5"),
    ("6AP", "primary", 6, "المستوى السادس ابتدائي", "6ème année primaire", "Primary year 6"),
    ("1AC", "college", 7, "الأولى ثانوي إعدادي", "1ère année collège", "Lower secondary year 1"),
    ("2AC", "college", 8, "الثانية ثانوي إعدادي", "2ème année collège", "Lower secondary year 2"),
    ("3AC", "college", 9, "الثالثة ثانوي إعدادي", "3ème année collège", "Lower secondary year 3"),
    ("TC", "lycee", 10, "الجذع المشترك", "Tronc commun", "Common core"),
    ("1BAC", "lycee", 11, "الأولى باكالوريا", "1ère année du baccalauréat", "Baccalaureate year 1"),
    ("2BAC", "lycee", 12, "الثانية باكالوريا", "2ème année du baccalauréat", "Baccalaureate year 2"),
]

STREAMS = [
    # level, code, ar, fr, en
    ("TC", "S", "الجذع المشترك العلمي", "Tronc commun scientifique", "Science common core"),
    ("TC", "LSH", "الجذع المشترك للآداب والعلوم الإنسانية", "Tronc commun lettres et sciences humaines",
     "Letters and humanities common core"),
    ("TC", "T", "الجذع المشترك التكنولوجي", "Tronc commun technologique", "Technology common core"),
    ("1BAC", "SE", "شعبة العلوم التجريبية", "Sciences expérimentales", "Experimental sciences"),
    ("1BAC", "SM", "شعبة العلوم الرياضية", "Sciences mathématiques", "Mathematical sciences"),
    ("1BAC", "SEG", "شعبة العلوم الاقتصادية والتدبير", "Sciences économiques et gestion",
     "Economics and management"),
    ("1BAC", "L", "شعبة الآداب", "Lettres", "Letters"),
    ("1BAC", "SH", "شعبة العلوم الإنسانية", "Sciences humaines", "Humanities"),
    ("1BAC", "STE", "شعبة العلوم والتكنولوجيات الكهربائية", "Sciences et technologies électriques",
     "Electrical science and technology"),
    ("1BAC", "STM", "شعبة العلوم والتكنولوجيات الميكانيكية", "Sciences et technologies mécaniques",
     "Mechanical science and technology"),
    ("1BAC", "AA", "شعبة الفنون التطبيقية", "Arts appliqués", "Applied arts"),
    ("2BAC", "SP", "مسلك العلوم الفيزيائية", "Sciences physiques", "Physical sciences"),
    ("2BAC", "SVT", "مسلك علوم الحياة والأرض", "Sciences de la vie et de la terre", "Life and earth sciences"),
    ("2BAC", "SAGRO", "مسلك العلوم الزراعية", "Sciences agronomiques", "Agronomic sciences"),
    ("2BAC", "SMA", "مسلك العلوم الرياضية أ", "Sciences mathématiques A", "Mathematical sciences A"),
    ("2BAC", "SMB", "مسلك العلوم الرياضية ب", "Sciences mathématiques B", "Mathematical sciences B"),
    ("2BAC", "SECO", "مسلك العلوم الاقتصادية", "Sciences économiques", "Economics"),
    ("2BAC", "SGC", "مسلك علوم التدبير المحاسباتي", "Sciences de gestion comptable", "Accounting management"),
    ("2BAC", "L", "مسلك الآداب", "Lettres", "Letters"),
    ("2BAC", "SH", "مسلك العلوم الإنسانية", "Sciences humaines", "Humanities"),
    ("2BAC", "STE", "مسلك العلوم والتكنولوجيات الكهربائية", "Sciences et technologies électriques",
     "Electrical science and technology"),
    ("2BAC", "STM", "مسلك العلوم والتكنولوجيات الميكانيكية", "Sciences et technologies mécaniques",
     "Mechanical science and technology"),
    ("2BAC", "AA", "مسلك الفنون التطبيقية", "Arts appliqués", "Applied arts"),
]

SUBJECTS = [
    # code, ar, fr, en
    ("AR", "اللغة العربية", "Langue arabe", "Arabic"),
    ("FR", "اللغة الفرنسية", "Langue française", "French"),
    ("AMZ", "اللغة الأمازيغية", "Langue amazighe", "Amazigh"),
    ("EN", "اللغة الإنجليزية", "Langue anglaise", "English"),
    ("ES", "اللغة الإسبانية", "Langue espagnole", "Spanish"),
    ("DE", "اللغة الألمانية", "Langue allemande", "German"),
    ("EI", "التربية الإسلامية", "Éducation islamique", "Islamic education"),
    ("HG", "الاجتماعيات", "Histoire-géographie", "History and geography"),
    ("PHILO", "الفلسفة", "Philosophie", "Philosophy"),
    ("MATH", "الرياضيات", "Mathématiques", "Mathematics"),
    ("PC", "الفيزياء والكيمياء", "Physique-chimie", "Physics and chemistry"),
    ("SVT", "علوم الحياة والأرض", "Sciences de la vie et de la terre", "Life and earth sciences"),
    ("SCI", "النشاط العلمي", "Éveil scientifique", "Science activities"),
    ("INFO", "المعلوميات", "Informatique", "Computer science"),
    ("TECH", "التكنولوجيا", "Technologie", "Technology"),
    ("SI", "علوم المهندس", "Sciences de l'ingénieur", "Engineering science"),
    ("ECO", "الاقتصاد العام والإحصاء", "Économie générale et statistiques", "Economics and statistics"),
    ("GEST", "الاقتصاد والتنظيم الإداري للمقاولات", "Économie et organisation administrative des entreprises",
     "Business economics and organisation"),
    ("COMPTA", "المحاسبة والرياضيات المالية", "Comptabilité et mathématiques financières",
     "Accounting and financial mathematics"),
    ("DROIT", "القانون", "Droit", "Law"),
    ("TRAD", "الترجمة", "Traduction", "Translation"),
    ("ART", "التربية التشكيلية", "Arts plastiques", "Visual arts"),
    ("DESS", "الرسم الفني والتصميم", "Dessin d'art et design", "Art drawing and design"),
    ("MUS", "التربية الموسيقية", "Éducation musicale", "Music"),
    ("EF", "التربية الأسرية", "Éducation familiale", "Family education"),
    ("EPS", "التربية البدنية", "Éducation physique et sportive", "Physical education"),
]
