/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext-lang.c: what the wikitext cleaner must know that
 * differs by the dump's language, and the namespace name lists.
 *
 * The table below has one entry per Wikipedia language: the 30 largest
 * Wikipedias by articles (and a few more whose dumps are in the tests or
 * whose scripts the cleaner must be tried on).  For each:
 *
 *  - file, cat, tpl: the names and aliases of the File (6), Category
 *    (14) and Template (10) namespaces that the language's MediaWiki
 *    localisation accepts, beside its <siteinfo> name (which a dump
 *    always gives for the main name, never for the aliases: the Greek
 *    "Εικόνα" for File, the old "Image" names of every language).  The
 *    canonical English names (File, Image, Media, Category, Template)
 *    are always known (wt_new).
 *  - refs: the headings of reference, link and bibliography sections
 *    (wiki-fetch drops those sections, with their subsections, unless
 *    --keep-sections): the section names each Wikipedia's own layout
 *    guideline prescribes for its appendices (English WP:LAYOUT's "See
 *    also", "Notes", "References", "Further reading", "External links";
 *    German "Siehe auch", "Literatur", "Weblinks", "Einzelnachweise"; and
 *    so on), with the common variants seen on those Wikipedias' pages.
 *    Written for this file from those guidelines' lists of headings; no
 *    text was copied.  Names are compared as namespace names are
 *    (wt_fold_name: any case, '_' as ' ', blanks collapsed).
 *
 * Relies on wiki-fetch-wikitext.h for struct names and wt_fold_name
 * (wiki-fetch-wikitext-scan.c); called by the entry points
 * (wiki-fetch-wikitext.c) and by the link renderer (-markup.c).
 */
#include <stdio.h>
#include <string.h>

#include "filters/wiki-fetch.h"
#include "filters/wiki-fetch-wikitext.h"

static const struct wt_lang langs[] = {
	{ "ar", "ملف|صورة|ميديا", "تصنيف", "قالب",
	  "مراجع|المراجع|وصلات خارجية|انظر أيضا|انظر أيضًا|مصادر|المصادر|"
	  "ملاحظات|قراءات إضافية|قراءة إضافية|هوامش|مراجع وهوامش" },
	{ "arz", "ملف|صوره|صورة", "تصنيف", "قالب",
	  "مصادر|المصادر|لينكات برانيه|شوف كمان|مراجع" },
	{ "az", "Fayl|Şəkil", "Kateqoriya", "Şablon",
	  "İstinadlar|Xarici keçidlər|Həmçinin bax|Mənbə|Mənbələr|Ədəbiyyat|"
	  "Qeydlər" },
	{ "be", "Файл|Выява", "Катэгорыя", "Шаблон",
	  "Зноскі|Літаратура|Спасылкі|Гл. таксама|Крыніцы|Заўвагі" },
	{ "bg", "Файл|Картинка", "Категория", "Шаблон",
	  "Източници|Външни препратки|Вижте също|Литература|Бележки" },
	{ "bn", "চিত্র|ফাইল", "বিষয়শ্রেণী", "টেমপ্লেট",
	  "তথ্যসূত্র|বহিঃসংযোগ|আরও দেখুন|টীকা|গ্রন্থপঞ্জি|উৎস" },
	{ "ca", "Fitxer|Imatge", "Categoria", "Plantilla",
	  "Referències|Enllaços externs|Vegeu també|Bibliografia|Notes|"
	  "Fonts" },
	{ "ce", "Файл|Изображение", "Категори", "Кеп",
	  "Билгалдахарш|Хьажоргаш|Литература|Хьажа иштта|Хьосташ" },
	{ "ceb", "Payl|Imahen", "Kategoriya", "Plantilya",
	  "Ang mga gi basihan|Mga sumpay sa gawas|Tan-awa usab|"
	  "Mga pakisayran" },
	{ "cs", "Soubor|Obrázek", "Kategorie", "Šablona",
	  "Reference|Externí odkazy|Související články|Literatura|Odkazy|"
	  "Poznámky|Prameny|Zdroje" },
	{ "da", "Fil|Billede", "Kategori", "Skabelon",
	  "Referencer|Eksterne henvisninger|Se også|Litteratur|Kilder|Noter|"
	  "Fodnoter" },
	{ "de", "Datei|Bild", "Kategorie", "Vorlage",
	  "Einzelnachweise|Weblinks|Literatur|Siehe auch|Quellen|Anmerkungen|"
	  "Belege|Fußnoten|Quellenangaben|Referenzen|Literatur und Weblinks" },
	{ "el", "Αρχείο|Εικόνα", "Κατηγορία", "Πρότυπο",
	  "Παραπομπές|Εξωτερικοί σύνδεσμοι|Δείτε επίσης|Βιβλιογραφία|"
	  "Σημειώσεις|Πηγές|Περαιτέρω ανάγνωση|Υποσημειώσεις|"
	  "Προτεινόμενη βιβλιογραφία|Διαβάστε επίσης" },
	{ "en", "File|Image|Media", "Category", "Template",
	  "References|External links|Further reading|See also|Bibliography|"
	  "Sources|Notes|Notes and references|References and notes|Footnotes|"
	  "Citations|Works cited|Cited sources|General references|"
	  "Explanatory notes|Reference notes|Other websites|Related pages|"
	  "External link|Sources and further reading|Notes and sources|"
	  "Literature" },
	{ "es", "Archivo|Imagen", "Categoría", "Plantilla",
	  "Referencias|Enlaces externos|Véase también|Bibliografía|Notas|"
	  "Fuentes|Notas y referencias|Lecturas adicionales" },
	{ "et", "Fail|Pilt", "Kategooria", "Mall",
	  "Viited|Välislingid|Vaata ka|Kirjandus|Märkused|Allikad" },
	{ "eu", "Fitxategi|Irudi", "Kategoria", "Txantiloi",
	  "Erreferentziak|Kanpo estekak|Ikus, gainera|Bibliografia|Oharrak" },
	{ "fa", "پرونده|تصویر|رسانه", "رده", "الگو",
	  "منابع|پیوند به بیرون|جستارهای وابسته|پانویس|یادداشت‌ها|"
	  "برای مطالعهٔ بیشتر|کتاب‌شناسی|منابع و پانویس|پیوند به بیرون" },
	{ "fi", "Tiedosto|Kuva", "Luokka", "Malline",
	  "Lähteet|Aiheesta muualla|Katso myös|Kirjallisuutta|Viitteet|"
	  "Huomautukset|Kirjallisuus" },
	{ "fr", "Fichier|Image", "Catégorie", "Modèle",
	  "Notes et références|Références|Liens externes|Voir aussi|"
	  "Bibliographie|Articles connexes|Notes|Sources|Annexes|"
	  "Lien externe" },
	{ "he", "קובץ|תמונה", "קטגוריה", "תבנית",
	  "הערות שוליים|קישורים חיצוניים|ראו גם|לקריאה נוספת|מקורות|"
	  "ביבליוגרפיה" },
	{ "hi", "चित्र|फ़ाइल", "श्रेणी", "साँचा",
	  "सन्दर्भ|संदर्भ|बाहरी कड़ियाँ|इन्हें भी देखें|टिप्पणी|"
	  "टीका टिप्पणी|सन्दर्भ ग्रन्थ|सन्दर्भ ग्रंथ" },
	{ "hr", "Datoteka|Slika", "Kategorija", "Predložak",
	  "Izvori|Vanjske poveznice|Literatura|Vidi još|Bilješke" },
	{ "hu", "Fájl|Kép", "Kategória", "Sablon",
	  "Jegyzetek|Források|További információk|Külső hivatkozások|"
	  "Kapcsolódó szócikkek|Irodalom|Szakirodalom" },
	{ "hy", "Պատկեր|Ֆայլ", "Կատեգորիա", "Կաղապար",
	  "Ծանոթագրություններ|Արտաքին հղումներ|Տես նաև|Գրականություն|"
	  "Աղբյուրներ|Ծանոթություններ" },
	{ "id", "Berkas|Gambar", "Kategori", "Templat",
	  "Referensi|Pranala luar|Lihat pula|Lihat juga|Catatan|"
	  "Bacaan lanjutan|Daftar pustaka|Rujukan|Sumber" },
	{ "it", "File|Immagine", "Categoria", "Template",
	  "Note|Bibliografia|Voci correlate|Collegamenti esterni|"
	  "Altri progetti|Fonti|Riferimenti" },
	{ "ja", "ファイル|画像", "カテゴリ", "Template|テンプレート",
	  "脚注|参考文献|外部リンク|関連項目|出典|注釈|参照|関連文献|"
	  "注釈・出典|脚注・出典" },
	{ "ka", "ფაილი|სურათი", "კატეგორია", "თარგი",
	  "სქოლიო|რესურსები ინტერნეტში|იხილეთ აგრეთვე|ლიტერატურა|"
	  "შენიშვნები|წყაროები" },
	{ "kk", "Файл|Сурет", "Санат", "Үлгі",
	  "Дереккөздер|Сілтемелер|Тағы қараңыз|Әдебиет|Түсініктемелер" },
	{ "ko", "파일|그림", "분류", "틀",
	  "각주|외부 링크|같이 보기|참고 문헌|참고 자료|출처|내용주" },
	{ "lt", "Vaizdas|Failas", "Kategorija", "Šablonas",
	  "Išnašos|Nuorodos|Literatūra|Šaltiniai|Taip pat skaitykite" },
	{ "lv", "Attēls|Fails", "Kategorija", "Veidne",
	  "Atsauces|Ārējās saites|Skatīt arī|Literatūra|Piezīmes" },
	{ "mr", "चित्र|संचिका", "वर्ग", "साचा",
	  "संदर्भ|बाह्य दुवे|हे सुद्धा पहा|हेसुद्धा पहा|संदर्भ आणि नोंदी|"
	  "नोंदी|संदर्भ व नोंदी|अधिक वाचन" },
	{ "ms", "Fail|Imej", "Kategori", "Templat",
	  "Rujukan|Pautan luar|Lihat juga|Bacaan lanjut|Nota" },
	{ "nl", "Bestand|Afbeelding", "Categorie", "Sjabloon",
	  "Referenties|Externe links|Externe link|Zie ook|Bronnen|"
	  "Literatuur|Noten|Bronvermelding" },
	{ "no", "Fil|Bilde", "Kategori", "Mal",
	  "Referanser|Eksterne lenker|Se også|Litteratur|Kilder|Noter" },
	{ "pl", "Plik|Grafika", "Kategoria", "Szablon",
	  "Przypisy|Linki zewnętrzne|Bibliografia|Zobacz też|Uwagi|Źródła|"
	  "Literatura" },
	{ "pt", "Ficheiro|Arquivo|Imagem", "Categoria", "Predefinição",
	  "Referências|Ligações externas|Ver também|Bibliografia|Notas|"
	  "Fontes|Leitura adicional|Notas e referências" },
	{ "ro", "Fișier|Imagine", "Categorie", "Format",
	  "Note|Bibliografie|Legături externe|Vezi și|Referințe" },
	{ "ru", "Файл|Изображение", "Категория", "Шаблон",
	  "Примечания|Ссылки|Литература|См. также|Источники|Комментарии|"
	  "Сноски" },
	{ "sh", "Datoteka|Slika", "Kategorija", "Šablon|Predložak",
	  "Reference|Vanjske veze|Također pogledajte|Izvori|Literatura" },
	{ "simple", "File|Image", "Category", "Template",
	  "References|Other websites|Related pages|Notes|Further reading|"
	  "Sources" },
	{ "sk", "Súbor|Obrázok", "Kategória", "Šablóna",
	  "Referencie|Externé odkazy|Pozri aj|Literatúra|Zdroje|Poznámky" },
	{ "sl", "Slika|Datoteka", "Kategorija", "Predloga",
	  "Sklici|Zunanje povezave|Glej tudi|Viri|Literatura|Opombe" },
	{ "sr", "Датотека|Слика", "Категорија", "Шаблон",
	  "Референце|Спољашње везе|Види још|Литература|Напомене|Извори" },
	{ "sv", "Fil|Bild", "Kategori", "Mall",
	  "Referenser|Externa länkar|Se även|Källor|Noter|Litteratur|"
	  "Vidare läsning" },
	{ "ta", "படிமம்|கோப்பு", "பகுப்பு", "வார்ப்புரு",
	  "மேற்கோள்கள்|வெளி இணைப்புகள்|இவற்றையும் பார்க்கவும்|குறிப்புகள்" },
	{ "th", "ไฟล์|ภาพ", "หมวดหมู่", "แม่แบบ",
	  "อ้างอิง|แหล่งข้อมูลอื่น|ดูเพิ่ม|หมายเหตุ" },
	{ "tr", "Dosya|Resim", "Kategori", "Şablon",
	  "Kaynakça|Dış bağlantılar|Ayrıca bakınız|Notlar|Kaynaklar|"
	  "Konuyla ilgili yayınlar" },
	{ "tt", "Файл|Рәсем", "Төркем", "Калып",
	  "Искәрмәләр|Сылтамалар|Чыганаклар|Шулай ук карагыз|Әдәбият" },
	{ "uk", "Файл|Зображення", "Категорія", "Шаблон",
	  "Примітки|Посилання|Джерела|Література|Див. також|Виноски|"
	  "Джерела та література|Примітки та джерела" },
	{ "ur", "فائل|تصویر", "زمرہ", "سانچہ",
	  "حوالہ جات|بیرونی روابط|مزید دیکھیے|حواشی" },
	{ "uz", "Fayl|Tasvir", "Turkum", "Andoza",
	  "Manbalar|Havolalar|Yana qarang|Adabiyotlar|Izohlar" },
	{ "vi", "Tập tin|Hình", "Thể loại", "Bản mẫu",
	  "Tham khảo|Liên kết ngoài|Xem thêm|Chú thích|Đọc thêm|Nguồn|"
	  "Thư mục|Ghi chú|Nguồn tham khảo" },
	{ "war", "Paypay|Fayl", "Kaarangay", "Batakan",
	  "Mga kasarigan|Mga sumpay ha gawas|Kitaa liwat" },
	{ "zh", "File|Image|文件|檔案|档案|图像|圖像", "Category|分类|分類",
	  "Template|模板|样板|樣板",
	  "參考文獻|参考文献|參考資料|参考资料|外部連結|外部链接|参见|參見|"
	  "參考|参考|注釋|注释|延伸閱讀|延伸阅读|相關條目|相关条目|腳註|"
	  "脚注|參考來源|参考来源|来源|來源" },
};

const struct wt_lang *
wt_lang_find(const char *code, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (str_is(langs[i].code, code, n))
			return &langs[i];
	return NULL;
}

const struct wt_lang *
wt_lang_en(void)
{
	return wt_lang_find("en", 2);
}

/* ---- namespace name lists ---- */

int
wt_names_has(const struct names *ns, const char *s, size_t n)
{
	char f[NAME_MAX_BYTES];
	size_t k;
	int i;

	if (n >= NAME_MAX_BYTES)
		return 0;
	k = wt_fold_name(s, n, f, sizeof f);
	if (k == (size_t)-1 || k == 0)
		return 0;
	for (i = 0; i < ns->n; i++)
		if (ns->len[i] == k && memcmp(ns->v[i], f, k) == 0)
			return 1;
	return 0;
}

void
wt_names_add(struct names *ns, const char *s)
{
	size_t k;

	if (!s || !*s || ns->n >= (int)(sizeof ns->v / sizeof ns->v[0]) ||
	    wt_names_has(ns, s, strlen(s)))
		return;
	k = wt_fold_name(s, strlen(s), ns->v[ns->n], sizeof ns->v[0]);
	if (k == (size_t)-1 || k == 0)
		return;
	ns->len[ns->n++] = (unsigned char)k;
}

void
wt_names_addlist(struct names *ns, const char *list, int sep)
{
	char one[NAME_MAX_BYTES];

	while (list && *list) {
		const char *bar = strchr(list, sep);
		size_t n = bar ? (size_t)(bar - list) : strlen(list);

		if (n < sizeof one) {
			memcpy(one, list, n);
			one[n] = '\0';
			wt_names_add(ns, one);
		}
		list += n + (bar != NULL);
	}
}
