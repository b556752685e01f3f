"""Moroccan names and places, each in Arabic and in Latin letters, for demo and benchmark data."""

MALE_FIRST_NAMES = [
    ("محمد", "Mohamed"), ("يوسف", "Youssef"), ("أمين", "Amine"), ("حمزة", "Hamza"), ("عمر", "Omar"),
    ("أيوب", "Ayoub"), ("إلياس", "Ilyas"), ("آدم", "Adam"), ("مهدي", "Mehdi"), ("ياسين", "Yassine"),
    ("زكرياء", "Zakaria"), ("أنس", "Anas"), ("بلال", "Bilal"), ("إسماعيل", "Ismail"), ("عثمان", "Othmane"),
    ("سفيان", "Soufiane"), ("رضا", "Reda"), ("نبيل", "Nabil"), ("خالد", "Khalid"), ("عبد الله", "Abdellah"),
    ("عبد الرحيم", "Abderrahim"), ("سعيد", "Said"), ("رشيد", "Rachid"), ("هشام", "Hicham"), ("كريم", "Karim"),
    ("طارق", "Tarik"), ("إدريس", "Driss"), ("مراد", "Mourad"), ("وليد", "Walid"), ("أسامة", "Oussama"),
    ("أشرف", "Achraf"), ("معاذ", "Moad"), ("صهيب", "Souhaib"), ("ريان", "Rayan"), ("سليمان", "Soulaimane"),
    ("نوفل", "Naoufal"), ("عادل", "Adil"), ("جواد", "Jawad"), ("حسن", "Hassan"), ("إبراهيم", "Ibrahim"),
]

FEMALE_FIRST_NAMES = [
    ("فاطمة الزهراء", "Fatima Zahra"), ("مريم", "Meryem"), ("سلمى", "Salma"), ("هبة", "Hiba"), ("آية", "Aya"),
    ("إيمان", "Imane"), ("خديجة", "Khadija"), ("سارة", "Sara"), ("نهيلة", "Nouhaila"), ("ياسمين", "Yasmine"),
    ("أميمة", "Oumaima"), ("هاجر", "Hajar"), ("كوثر", "Kaoutar"), ("غيثة", "Ghita"), ("زينب", "Zineb"),
    ("أسماء", "Asmae"), ("شيماء", "Chaimae"), ("وئام", "Wiam"), ("رانية", "Rania"), ("لينا", "Lina"),
    ("إكرام", "Ikram"), ("نسرين", "Nisrine"), ("حنان", "Hanane"), ("سناء", "Sanaa"), ("نادية", "Nadia"),
    ("لطيفة", "Latifa"), ("عائشة", "Aicha"), ("نجاة", "Najat"), ("سعاد", "Souad"), ("رجاء", "Rajae"),
    ("دعاء", "Douae"), ("ملاك", "Malak"), ("جنات", "Jannat"), ("سكينة", "Soukaina"), ("بشرى", "Bouchra"),
    ("ليلى", "Laila"), ("حليمة", "Halima"), ("سهام", "Siham"), ("وفاء", "Wafae"), ("أمل", "Amal"),
]

FAMILY_NAMES = [
    ("العمراني", "El Amrani"), ("العلوي", "Alaoui"), ("الإدريسي", "Idrissi"), ("التازي", "Tazi"),
    ("برادة", "Berrada"), ("بناني", "Bennani"), ("الشرايبي", "Chraibi"), ("الوزاني", "Ouazzani"),
    ("بنجلون", "Benjelloun"), ("الكتاني", "Kettani"), ("لحلو", "Lahlou"), ("الناصري", "Naciri"),
    ("السبتي", "Sebti"), ("الزروالي", "Zerouali"), ("المنصوري", "Mansouri"), ("السعيدي", "Saidi"),
    ("الرشيدي", "Rachidi"), ("البوزيدي", "Bouzidi"), ("آيت وحمان", "Ait Ouahmane"), ("آيت لحسن", "Ait Lahcen"),
    ("بنعلي", "Benali"), ("الحجي", "Hajji"), ("الفاسي", "El Fassi"), ("الصقلي", "Sqalli"), ("بوعزة", "Bouazza"),
    ("الخطابي", "El Khattabi"), ("المرابط", "Mrabet"), ("الحسني", "El Hassani"), ("الشاوي", "Chaoui"),
    ("الدكالي", "Doukkali"), ("السوسي", "Soussi"), ("الريفي", "Rifi"), ("القادري", "Kadiri"),
    ("الأنصاري", "Ansari"), ("بلحاج", "Belhaj"), ("بنموسى", "Benmoussa"), ("الغزاوي", "Ghazaoui"),
    ("الطاهري", "Tahiri"), ("الزياني", "Zayani"), ("العثماني", "Othmani"), ("الجراري", "Jerrari"),
    ("بوطالب", "Boutaleb"), ("الحمداوي", "Hamdaoui"), ("الكبير", "El Kabir"), ("الشرقاوي", "Cherkaoui"),
    ("الملياني", "Meliani"), ("البقالي", "Bakkali"), ("الفيلالي", "Filali"), ("المريني", "Merini"),
    ("الهواري", "Houari"), ("أوبلا", "Oubella"), ("أمزيان", "Amziane"), ("أقشار", "Akchar"),
    ("إدبلا", "Idbella"), ("الصبار", "Sabbar"), ("الحيان", "Hayane"), ("الراضي", "Radi"), ("الطالبي", "Talbi"),
    ("الساخي", "Sakhi"), ("العزوزي", "Azzouzi"),
]

BIRTH_PLACES = [
    ("الدار البيضاء", "Casablanca"), ("المحمدية", "Mohammedia"), ("الرباط", "Rabat"), ("سلا", "Salé"),
    ("فاس", "Fès"), ("مراكش", "Marrakech"), ("أكادير", "Agadir"), ("طنجة", "Tanger"), ("مكناس", "Meknès"),
    ("وجدة", "Oujda"), ("القنيطرة", "Kénitra"), ("تطوان", "Tétouan"), ("آسفي", "Safi"), ("الجديدة", "El Jadida"),
    ("برشيد", "Berrechid"), ("سطات", "Settat"), ("بني ملال", "Béni Mellal"), ("خريبكة", "Khouribga"),
    ("بنسليمان", "Benslimane"), ("تارودانت", "Taroudant"),
]
