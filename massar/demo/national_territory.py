"""The 12 academies and 82 provincial directorates of the national benchmark dataset.

The names are the real regions and provinces so that a benchmark's pages and exports look like the
country's; the codes (`N01`, `N01-01`) are our own, prefixed `N` so they can never be mistaken for, or collide
with, the demo's codes. Each academy has its own Massar code letter (the counters are shared per letter with
any other academy using the same letter, so codes stay unique nationally even then).
"""

from dataclasses import dataclass

ACADEMY_CODE_PREFIX = "N"


@dataclass(frozen=True, slots=True)
class DirectorateSeed:
    name_fr: str
    name_ar: str
    # The town a child of this province is usually born in (the prefectures of Casablanca share one).
    city_latin: str
    city_ar: str


@dataclass(frozen=True, slots=True)
class AcademySeed:
    region_fr: str
    region_ar: str
    letter: str
    # Share of the country's pupils (per cent, approximate): decides how many schools the academy gets.
    weight: float
    directorates: tuple[DirectorateSeed, ...]


def _d(name_fr: str, name_ar: str, city_latin: str | None = None, city_ar: str | None = None) -> DirectorateSeed:
    return DirectorateSeed(name_fr, name_ar, city_latin or name_fr, city_ar or name_ar)


_CASA = ("Casablanca", "الدار البيضاء")

ACADEMIES: tuple[AcademySeed, ...] = (
    AcademySeed("Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة", "S", 11.1, (
        _d("Tanger-Assilah", "طنجة أصيلة", "Tanger", "طنجة"), _d("Tétouan", "تطوان"), _d("Larache", "العرائش"),
        _d("Al Hoceïma", "الحسيمة"), _d("Chefchaouen", "شفشاون"), _d("Ouezzane", "وزان"),
        _d("M'diq-Fnideq", "المضيق الفنيدق", "Fnideq", "الفنيدق"), _d("Fahs-Anjra", "الفحص أنجرة"),
    )),
    AcademySeed("L'Oriental", "الشرق", "K", 6.6, (
        _d("Oujda-Angad", "وجدة أنكاد", "Oujda", "وجدة"), _d("Nador", "الناظور"), _d("Berkane", "بركان"),
        _d("Taourirt", "تاوريرت"), _d("Driouch", "الدريوش"), _d("Guercif", "جرسيف"), _d("Jerada", "جرادة"),
        _d("Figuig", "فجيج"),
    )),
    AcademySeed("Fès-Meknès", "فاس مكناس", "T", 12.4, (
        _d("Fès", "فاس"), _d("Meknès", "مكناس"), _d("Taza", "تازة"), _d("Taounate", "تاونات"), _d("Sefrou", "صفرو"),
        _d("El Hajeb", "الحاجب"), _d("Ifrane", "إفران"), _d("Moulay Yacoub", "مولاي يعقوب"),
        _d("Boulemane", "بولمان"),
    )),
    AcademySeed("Rabat-Salé-Kénitra", "الرباط سلا القنيطرة", "G", 14.3, (
        _d("Rabat", "الرباط"), _d("Salé", "سلا"), _d("Kénitra", "القنيطرة"),
        _d("Skhirate-Témara", "الصخيرات تمارة", "Témara", "تمارة"), _d("Khémisset", "الخميسات"),
        _d("Sidi Kacem", "سيدي قاسم"), _d("Sidi Slimane", "سيدي سليمان"),
    )),
    AcademySeed("Béni Mellal-Khénifra", "بني ملال خنيفرة", "M", 7.3, (
        _d("Béni Mellal", "بني ملال"), _d("Khouribga", "خريبكة"), _d("Fquih Ben Salah", "الفقيه بن صالح"),
        _d("Khénifra", "خنيفرة"), _d("Azilal", "أزيلال"),
    )),
    AcademySeed("Casablanca-Settat", "الدار البيضاء سطات", "W", 20.2, (
        _d("Anfa", "أنفا", *_CASA), _d("Al Fida-Mers Sultan", "الفداء مرس السلطان", *_CASA),
        _d("Aïn Chock", "عين الشق", *_CASA), _d("Aïn Sebaâ-Hay Mohammadi", "عين السبع الحي المحمدي", *_CASA),
        _d("Hay Hassani", "الحي الحسني", *_CASA), _d("Ben M'sick", "ابن امسيك", *_CASA),
        _d("Moulay Rachid", "مولاي رشيد", *_CASA), _d("Sidi Bernoussi", "سيدي البرنوصي", *_CASA),
        _d("Mohammedia", "المحمدية"), _d("Nouaceur", "النواصر"), _d("Médiouna", "مديونة"),
        _d("El Jadida", "الجديدة"), _d("Sidi Bennour", "سيدي بنور"), _d("Settat", "سطات"),
        _d("Berrechid", "برشيد"), _d("Benslimane", "بنسليمان"),
    )),
    AcademySeed("Marrakech-Safi", "مراكش آسفي", "H", 12.9, (
        _d("Marrakech", "مراكش"), _d("Safi", "آسفي"), _d("El Kelâa des Sraghna", "قلعة السراغنة"),
        _d("Essaouira", "الصويرة"), _d("Al Haouz", "الحوز"), _d("Chichaoua", "شيشاوة"), _d("Rehamna", "الرحامنة"),
        _d("Youssoufia", "اليوسفية"),
    )),
    AcademySeed("Drâa-Tafilalet", "درعة تافيلالت", "P", 4.4, (
        _d("Errachidia", "الرشيدية"), _d("Ouarzazate", "ورزازات"), _d("Tinghir", "تنغير"), _d("Zagora", "زاكورة"),
        _d("Midelt", "ميدلت"),
    )),
    AcademySeed("Souss-Massa", "سوس ماسة", "E", 8.3, (
        _d("Agadir Ida-Outanane", "أكادير إداوتنان", "Agadir", "أكادير"),
        _d("Inezgane-Aït Melloul", "إنزكان أيت ملول", "Inezgane", "إنزكان"),
        _d("Taroudant", "تارودانت"), _d("Chtouka-Aït Baha", "اشتوكة أيت باها", "Biougra", "بيوكرى"),
        _d("Tiznit", "تيزنيت"), _d("Tata", "طاطا"),
    )),
    AcademySeed("Guelmim-Oued Noun", "كلميم واد نون", "L", 1.2, (
        _d("Guelmim", "كلميم"), _d("Tan-Tan", "طانطان"), _d("Sidi Ifni", "سيدي إفني"), _d("Assa-Zag", "أسا الزاك"),
    )),
    AcademySeed("Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء", "B", 1.1, (
        _d("Laâyoune", "العيون"), _d("Es-Semara", "السمارة"), _d("Boujdour", "بوجدور"), _d("Tarfaya", "طرفاية"),
    )),
    AcademySeed("Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب", "C", 0.5, (
        _d("Oued Ed-Dahab", "وادي الذهب", "Dakhla", "الداخلة"), _d("Aousserd", "أوسرد"),
    )),
)

NATIONAL_ACADEMY_CODES: tuple[str, ...] = tuple(
    f"{ACADEMY_CODE_PREFIX}{number:02d}" for number in range(1, len(ACADEMIES) + 1))


def academy_names(seed: AcademySeed) -> tuple[str, str, str]:
    """(ar, fr, en) names of the regional academy (AREF) of a region."""
    return (f"الأكاديمية الجهوية للتربية والتكوين لجهة {seed.region_ar}",
            f"Académie régionale d'éducation et de formation {seed.region_fr}",
            f"Regional Academy of Education and Training {seed.region_fr}")


def directorate_names(seed: DirectorateSeed) -> tuple[str, str, str]:
    """(ar, fr, en) names of a provincial directorate."""
    return (f"المديرية الإقليمية {seed.name_ar}", f"Direction provinciale {seed.name_fr}",
            f"Provincial directorate {seed.name_fr}")
