"""Moroccan first names (by gender), family names and school patrons, each in Latin letters and in Arabic.

A moderate list on purpose: 40 × 80 combinations per gender is plenty of variety for lists and searches,
while homonyms (which real schools have) still occur, so pages must not rely on names being unique.
Latin spellings follow the civil registry's usual French transliteration (`Youssef`, `Chaimae`).
"""

# (Latin, Arabic)
MALE_FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Mohammed", "محمد"), ("Youssef", "يوسف"), ("Ahmed", "أحمد"), ("Hamza", "حمزة"), ("Ayoub", "أيوب"),
    ("Omar", "عمر"), ("Mehdi", "المهدي"), ("Anas", "أنس"), ("Ilyas", "إلياس"), ("Adam", "آدم"),
    ("Amine", "أمين"), ("Othmane", "عثمان"), ("Yassine", "ياسين"), ("Zakaria", "زكرياء"), ("Soufiane", "سفيان"),
    ("Karim", "كريم"), ("Rachid", "رشيد"), ("Abdellah", "عبد الله"), ("Hassan", "حسن"), ("Hicham", "هشام"),
    ("Nabil", "نبيل"), ("Khalid", "خالد"), ("Said", "سعيد"), ("Badr", "بدر"), ("Ismail", "إسماعيل"),
    ("Bilal", "بلال"), ("Walid", "وليد"), ("Tarik", "طارق"), ("Ali", "علي"), ("Abderrahim", "عبد الرحيم"),
    ("Marouane", "مروان"), ("Reda", "رضى"), ("Imad", "عماد"), ("Aymane", "أيمن"), ("Issam", "عصام"),
    ("Younes", "يونس"), ("Noureddine", "نور الدين"), ("Jawad", "جواد"), ("Saad", "سعد"), ("Idriss", "إدريس"),
)

FEMALE_FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Salma", "سلمى"), ("Meryem", "مريم"), ("Aya", "آية"),
    ("Hiba", "هبة"), ("Imane", "إيمان"), ("Sara", "سارة"), ("Nour", "نور"), ("Zineb", "زينب"),
    ("Hajar", "هاجر"), ("Asmae", "أسماء"), ("Oumaima", "أميمة"), ("Chaimae", "شيماء"), ("Malak", "ملاك"),
    ("Hind", "هند"), ("Nada", "ندى"), ("Yasmine", "ياسمين"), ("Rania", "رانية"), ("Kawtar", "كوثر"),
    ("Soukaina", "سكينة"), ("Ghizlane", "غزلان"), ("Loubna", "لبنى"), ("Houda", "هدى"), ("Wiam", "وئام"),
    ("Ikram", "إكرام"), ("Siham", "سهام"), ("Najat", "نجاة"), ("Latifa", "لطيفة"), ("Naima", "نعيمة"),
    ("Amina", "أمينة"), ("Hanane", "حنان"), ("Btissam", "ابتسام"), ("Dounia", "دنيا"), ("Rim", "ريم"),
    ("Douae", "دعاء"), ("Safae", "صفاء"), ("Manal", "منال"), ("Jihane", "جيهان"), ("Ilham", "إلهام"),
)

FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("El Amrani", "العمراني"), ("Bennani", "بناني"), ("El Idrissi", "الإدريسي"), ("Alaoui", "العلوي"),
    ("Tazi", "التازي"), ("Berrada", "برادة"), ("Benjelloun", "بنجلون"), ("Chraibi", "الشرايبي"),
    ("El Fassi", "الفاسي"), ("Lahlou", "لحلو"), ("Benali", "بنعلي"), ("El Ouazzani", "الوزاني"),
    ("Filali", "الفيلالي"), ("Kettani", "الكتاني"), ("Sqalli", "الصقلي"), ("Ziani", "الزياني"),
    ("El Mansouri", "المنصوري"), ("Bouzid", "بوزيد"), ("Boukhari", "البخاري"), ("Hajji", "الحجي"),
    ("El Khatib", "الخطيب"), ("Naciri", "الناصري"), ("Rahmouni", "الرحموني"), ("Cherkaoui", "الشرقاوي"),
    ("Saidi", "السعيدي"), ("Belhaj", "بلحاج"), ("Zerouali", "الزروالي"), ("Tahiri", "الطاهري"),
    ("Ait Ali", "آيت علي"), ("Amzil", "أمزيل"), ("El Alami", "العلمي"), ("Sebti", "السبتي"),
    ("Mernissi", "المرنيسي"), ("Benmoussa", "بنموسى"), ("El Hassani", "الحسني"), ("Bouazza", "بوعزة"),
    ("Azzouzi", "العزوزي"), ("El Yousfi", "اليوسفي"), ("Benabdellah", "بنعبد الله"), ("Haddad", "الحداد"),
    ("Najjar", "النجار"), ("Sabri", "صبري"), ("Jabri", "الجابري"), ("Raji", "الراجي"),
    ("El Malki", "المالكي"), ("Ouardi", "الوردي"), ("Moussaoui", "الموساوي"), ("Belkadi", "بلقاضي"),
    ("El Baz", "الباز"), ("Ghazi", "غازي"), ("Karimi", "الكريمي"), ("Fikri", "فكري"),
    ("Hamdaoui", "الحمداوي"), ("Ouchen", "أوشن"), ("Boutaleb", "بوطالب"), ("Daoudi", "الداودي"),
    ("Khalfi", "الخلفي"), ("Semlali", "السملالي"), ("Soussi", "السوسي"), ("Rifi", "الريفي"),
    ("Doukkali", "الدكالي"), ("Marrakchi", "المراكشي"), ("Sahraoui", "الصحراوي"), ("Bakkali", "البقالي"),
    ("Laaroussi", "العروسي"), ("Ennaji", "الناجي"), ("El Ghazouani", "الغزواني"), ("Benomar", "بنعمر"),
    ("Kabbaj", "القباج"), ("Guessous", "كسوس"), ("Lazrak", "الأزرق"), ("Slaoui", "السلاوي"),
    ("Meknassi", "المكناسي"), ("Tanji", "الطنجي"), ("Chafik", "شفيق"), ("Moutaouakil", "المتوكل"),
    ("Ait Ouahmane", "آيت وحمان"), ("Oubella", "أوبلا"), ("Boussaid", "بوسعيد"), ("Elmoudden", "المودن"),
)

# People and ideas Moroccan schools are named after: `Lycée Ibn Khaldoun`, `الثانوية التأهيلية ابن خلدون`.
SCHOOL_PATRONS: tuple[tuple[str, str], ...] = (
    ("Ibn Khaldoun", "ابن خلدون"), ("Al Massira", "المسيرة"), ("Moulay Ismail", "مولاي إسماعيل"),
    ("Ibn Battouta", "ابن بطوطة"), ("Al Khawarizmi", "الخوارزمي"), ("Ibn Sina", "ابن سينا"),
    ("Ibn Rochd", "ابن رشد"), ("Al Farabi", "الفارابي"), ("Youssef Ibn Tachfine", "يوسف بن تاشفين"),
    ("Tarik Ibn Ziad", "طارق بن زياد"), ("Al Idrissi", "الإدريسي"), ("Al Qods", "القدس"),
    ("Annahda", "النهضة"), ("Al Wahda", "الوحدة"), ("Al Amal", "الأمل"), ("Al Andalous", "الأندلس"),
    ("Al Moutanabbi", "المتنبي"), ("Abdelkrim El Khattabi", "عبد الكريم الخطابي"), ("Allal El Fassi", "علال الفاسي"),
    ("Mohammed V", "محمد الخامس"), ("Hassan II", "الحسن الثاني"), ("Moulay Youssef", "مولاي يوسف"),
    ("Al Majd", "المجد"), ("Al Fath", "الفتح"), ("Al Irfane", "العرفان"), ("Anwal", "أنوال"),
    ("Al Jahid", "الجاحظ"), ("Ibn Toufail", "ابن طفيل"), ("Al Mansour Eddahbi", "المنصور الذهبي"),
    ("Lalla Aicha", "للا عائشة"), ("Fatima El Fihria", "فاطمة الفهرية"), ("Al Kindi", "الكندي"),
    ("Ibn Zohr", "ابن زهر"), ("Al Biruni", "البيروني"), ("Ibn Al Haytham", "ابن الهيثم"),
    ("Okba Ibn Nafii", "عقبة بن نافع"), ("Al Mokhtar Soussi", "المختار السوسي"), ("Al Wifaq", "الوفاق"),
    ("Al Bassatine", "البساتين"), ("Az-Zaytoun", "الزيتون"),
)

# (Latin, Arabic): cities where pupils of the demo were born.
BIRTH_PLACES: tuple[tuple[str, str], ...] = (
    ("Casablanca", "الدار البيضاء"), ("Mohammedia", "المحمدية"), ("Rabat", "الرباط"), ("Salé", "سلا"), ("Fès", "فاس"),
    ("Marrakech", "مراكش"), ("Agadir", "أكادير"), ("Tanger", "طنجة"), ("Meknès", "مكناس"), ("Oujda", "وجدة"),
    ("Kénitra", "القنيطرة"), ("Tétouan", "تطوان"), ("Safi", "آسفي"), ("El Jadida", "الجديدة"), ("Berrechid", "برشيد"),
    ("Settat", "سطات"), ("Béni Mellal", "بني ملال"), ("Khouribga", "خريبكة"), ("Benslimane", "بنسليمان"), ("Taroudant", "تارودانت"),
)
