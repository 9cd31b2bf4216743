/*
 * Kibitz embed widget: the conversation under a news article.
 *
 *   <script src="https://comments.example/embed.js" data-site="demo" data-thread="KEY" async></script>
 *
 * Optional attributes: data-lang ("en" | "ar"; default: the page's <html lang>), data-theme
 * ("light" | "dark"; default: the reader's prefers-color-scheme), data-title and data-url (the
 * article's title and address; default: document.title and location.href).
 *
 * Plain ES2020, no build step, no globals. Everything renders inside a shadow root so the news
 * site's CSS cannot reach it. Security rule of this file: text from readers is only ever put into
 * the DOM with textContent / text nodes; the one exception is the server's `html` field, which
 * the server has already sanitised (markdown-it + nh3) and which goes through trustedHtml().
 */
(() => {
  "use strict";

  // ---------------------------------------------------------------- message catalogues
  // Keys are shared by all languages; plural entries are objects keyed by Intl.PluralRules
  // categories ("zero", "one", "two", "few", "many", "other"), "{n}" is the formatted number.
  const CATALOGUES = {
    en: {
      "region.label": "Comments",
      "count": { one: "{n} comment", other: "{n} comments" },
      "count.none": "No comments yet",
      "sort.label": "Sort comments",
      "sort.oldest": "Oldest",
      "sort.newest": "Newest",
      "sort.best": "Best",
      "loading": "Loading comments…",
      "load.more": "Load more comments",
      "load.error": "The comments could not be loaded.",
      "retry": "Try again",
      "empty": "Be the first to comment.",
      "closed": "Comments are closed for this article.",
      "account.signIn": "Sign in",
      "account.signUp": "Create account",
      "account.signIn.title": "Sign in to comment",
      "account.signUp.title": "Create a comments account",
      "account.displayName": "Display name",
      "account.email": "Email",
      "account.password": "Password",
      "account.website": "Leave this empty",
      "account.signedInAs": "Signed in as",
      "account.signOut": "Sign out",
      "account.unverified": "Check your email to confirm your address.",
      "account.optional": "Comment as a guest, or with an account.",
      "account.required": "Sign in to comment.",
      "account.ssoOnly": "Sign in on this site to comment.",
      "account.signedIn": "You are signed in.",
      "account.signedUp": "Your account was created. Check your email to confirm your address.",
      "account.signedOut": "You are signed out.",
      "account.forgot": "Forgot password?",
      "account.reset.title": "Reset your password",
      "account.reset.intro": "Enter your account's email. We will send a link to choose a new password.",
      "account.reset.send": "Send link",
      "account.reset.sent": "If an account exists for that address, we sent it a link to reset the password.",
      "account.rename": "Change display name",
      "account.rename.save": "Save name",
      "account.renamed": "Your display name was changed.",
      "account.delete": "Delete my account",
      "data.label": "Your data",
      "data.download": "Download my data",
      "data.downloaded": "Your data was downloaded.",
      "data.delete.guest": "Delete my data",
      "data.delete.title": "Delete your account?",
      "data.delete.guest.title": "Delete your data?",
      "data.delete.intro": "This cannot be undone.",
      "data.delete.legend": "What should happen to your comments?",
      "data.delete.remove": "Remove my comments",
      "data.delete.remove.hint": "Their text is erased; replies to them stay.",
      "data.delete.anonymise": "Keep my comments without my name",
      "data.delete.anonymise.hint": "They stay in the conversation as Anonymous.",
      "data.delete.confirm": "Delete for good",
      "data.delete.choose": "Choose what happens to your comments.",
      "data.deleted": "Your account was deleted.",
      "data.deleted.guest": "Your data was deleted.",
      "composer.label": "Write a comment",
      "composer.reply.label": "Reply to {name}",
      "composer.edit.label": "Edit your comment",
      "composer.placeholder": "Join the discussion…",
      "composer.reply.placeholder": "Write a reply…",
      "composer.name": "Name",
      "composer.name.placeholder": "Anonymous",
      "composer.email": "Email",
      "composer.email.hint": "optional, never shown",
      "composer.hint": "**bold**, *italic*, `code`, [link](https://…), > quote, - list",
      "composer.left": { one: "{n} character left", other: "{n} characters left" },
      "composer.over": { one: "{n} character too many", other: "{n} characters too many" },
      "composer.preview": "Preview",
      "composer.post": "Post comment",
      "composer.reply": "Post reply",
      "composer.save": "Save",
      "composer.cancel": "Cancel",
      "composer.sending": "Sending…",
      "composer.empty": "Write something first.",
      "composer.posted": "Your comment was published.",
      "composer.posted.pending": "Thanks! Your comment is awaiting review.",
      "composer.posted.rejected": "Your comment was not published because it breaks the house rules.",
      "composer.saved": "Your comment was updated.",
      "nudge.title": "Before you post",
      "nudge.edit": "Edit my comment",
      "nudge.confirm": "Post anyway",
      "nudge.intro": "Some of your words may break the house rules. Edit them, or post anyway and a moderator will review your comment first.",
      "nudge.marked": "Your comment, with the words in question marked:",
      "nudge.rules": "May break:",
      "comment.anonymous": "Anonymous",
      "comment.pending.note": "Only you can see this comment until a moderator approves it.",
      "comment.rejected.note": "Not published: it breaks the rule on {rules}.",
      "comment.rejected.plain": "Not published: it breaks the house rules.",
      "comment.hidden": "This comment is hidden pending review.",
      "comment.hidden.mine": "Readers reported this comment: it is hidden until a moderator reviews it.",
      "comment.muted": "You muted this reader.",
      "comment.muted.show": "Show comment",
      "appeal.button": "Appeal",
      "appeal.note": "Why should it be published? (optional)",
      "appeal.send": "Send appeal",
      "appeal.sent": "Your appeal was sent: a moderator will look at your comment again.",
      "appeal.done": "Appealed: a moderator will look again.",
      "statement.button": "Why? (statement of reasons)",
      "statement.title": "Statement of reasons",
      "statement.decision": "What was decided",
      "statement.facts": "Facts and circumstances",
      "statement.ground": "Ground",
      "statement.automated": "Automated means",
      "statement.redress": "What you can do",
      "menu.mute": "Mute this reader",
      "menu.unmute": "Unmute this reader",
      "menu.muted": "You muted this reader: their comments are collapsed for you.",
      "menu.unmuted": "You unmuted this reader.",
      "comment.edited": "edited",
      "comment.pending": "Awaiting review",
      "comment.rejected": "Not published",
      "comment.deleted": "This comment was deleted.",
      "comment.you": "you",
      "comment.label": "Comment by {name}",
      "action.reply": "Reply",
      "action.edit": "Edit",
      "action.delete": "Delete",
      "action.delete.confirm": "Delete this comment?",
      "action.delete.yes": "Delete",
      "action.delete.no": "Keep",
      "action.deleted": "Your comment was deleted.",
      "vote.up": "Upvote",
      "vote.down": "Downvote",
      "vote.up.label": { one: "Upvote ({n} vote)", other: "Upvote ({n} votes)" },
      "vote.down.label": { one: "Downvote ({n} vote)", other: "Downvote ({n} votes)" },
      "menu.button": "More actions for this comment",
      "menu.report": "Report…",
      "menu.copy": "Copy link",
      "menu.copied": "Link copied.",
      "menu.copy.failed": "The link could not be copied: {url}",
      "report.title": "Report this comment",
      "report.legend": "What is wrong with it?",
      "report.reason.violence": "Violence",
      "report.reason.violence.hint": "threats, incitement, wishing harm",
      "report.reason.racism": "Racism",
      "report.reason.racism.hint": "attacks on race, religion, ethnicity or nationality",
      "report.reason.profanity": "Profanity",
      "report.reason.profanity.hint": "swearing",
      "report.reason.vulgarity": "Vulgarity",
      "report.reason.vulgarity.hint": "sexually explicit or crude content",
      "report.reason.doxing": "Doxing",
      "report.reason.doxing.hint": "someone's private details: phone, address, email",
      "report.reason.discourtesy": "Discourteous behavior",
      "report.reason.discourtesy.hint": "insults, name-calling, contempt",
      "report.reason.spam": "Spam",
      "report.reason.spam.hint": "ads, scams, links, repeated posts",
      "report.reason.illegal": "Illegal content",
      "report.reason.illegal.hint": "a legal notice under EU law: explain why in the note",
      "report.reason.other": "Other",
      "report.reason.other.hint": "tell us in the note",
      "report.note": "Note for the moderators (optional)",
      "report.note.required": "Why is it illegal? (required)",
      "report.note.missing": "Explain why this content is illegal.",
      "report.send": "Send report",
      "report.cancel": "Cancel",
      "report.close": "Close",
      "report.choose": "Choose a reason.",
      "report.sent": "Thank you. A moderator will look at this comment.",
      "report.already": "You have already reported this comment.",
      "time.now": "just now",
      "error.network": "The comment server could not be reached. Check your connection and try again.",
      "error.generic": "Something went wrong. Please try again.",
      "powered": "Comments by Kibitz",
      "live.new": { one: "{n} new comment", other: "{n} new comments" },
    },
    ar: {
      "region.label": "التعليقات",
      "count": {
        zero: "لا تعليقات",
        one: "تعليق واحد",
        two: "تعليقان",
        few: "{n} تعليقات",
        many: "{n} تعليقًا",
        other: "{n} تعليق",
      },
      "count.none": "لا تعليقات بعد",
      "sort.label": "ترتيب التعليقات",
      "sort.oldest": "الأقدم",
      "sort.newest": "الأحدث",
      "sort.best": "الأفضل",
      "loading": "جارٍ تحميل التعليقات…",
      "load.more": "تحميل مزيد من التعليقات",
      "load.error": "تعذّر تحميل التعليقات.",
      "retry": "أعد المحاولة",
      "empty": "كن أول من يعلّق.",
      "closed": "التعليقات مغلقة على هذا المقال.",
      "account.signIn": "تسجيل الدخول",
      "account.signUp": "إنشاء حساب",
      "account.signIn.title": "سجّل الدخول للتعليق",
      "account.signUp.title": "أنشئ حسابًا للتعليق",
      "account.displayName": "الاسم المعروض",
      "account.email": "البريد الإلكتروني",
      "account.password": "كلمة المرور",
      "account.website": "اترك هذا الحقل فارغًا",
      "account.signedInAs": "مسجّل الدخول باسم",
      "account.signOut": "تسجيل الخروج",
      "account.unverified": "تحقّق من بريدك الإلكتروني لتأكيد عنوانك.",
      "account.optional": "علّق كزائر، أو بحساب.",
      "account.required": "سجّل الدخول لتتمكّن من التعليق.",
      "account.ssoOnly": "سجّل الدخول في هذا الموقع لتتمكّن من التعليق.",
      "account.signedIn": "سجّلت الدخول.",
      "account.signedUp": "أُنشئ حسابك. تحقّق من بريدك الإلكتروني لتأكيد عنوانك.",
      "account.signedOut": "سجّلت الخروج.",
      "account.forgot": "نسيت كلمة المرور؟",
      "account.reset.title": "إعادة تعيين كلمة المرور",
      "account.reset.intro": "أدخل البريد الإلكتروني لحسابك، وسنرسل رابطًا لاختيار كلمة مرور جديدة.",
      "account.reset.send": "أرسل الرابط",
      "account.reset.sent": "إن كان لهذا العنوان حساب، فقد أرسلنا إليه رابطًا لإعادة تعيين كلمة المرور.",
      "account.rename": "تغيير الاسم المعروض",
      "account.rename.save": "احفظ الاسم",
      "account.renamed": "تغيّر اسمك المعروض.",
      "account.delete": "احذف حسابي",
      "data.label": "بياناتك",
      "data.download": "نزّل بياناتي",
      "data.downloaded": "نُزّلت بياناتك.",
      "data.delete.guest": "احذف بياناتي",
      "data.delete.title": "أتحذف حسابك؟",
      "data.delete.guest.title": "أتحذف بياناتك؟",
      "data.delete.intro": "لا يمكن التراجع عن هذا.",
      "data.delete.legend": "ماذا نفعل بتعليقاتك؟",
      "data.delete.remove": "احذف تعليقاتي",
      "data.delete.remove.hint": "يُمحى نصّها، وتبقى الردود عليها.",
      "data.delete.anonymise": "أبقِ تعليقاتي بلا اسمي",
      "data.delete.anonymise.hint": "تبقى في النقاش باسم «مجهول».",
      "data.delete.confirm": "احذف نهائيًا",
      "data.delete.choose": "اختر ما يحدث لتعليقاتك.",
      "data.deleted": "حُذف حسابك.",
      "data.deleted.guest": "حُذفت بياناتك.",
      "composer.label": "اكتب تعليقًا",
      "composer.reply.label": "الرد على {name}",
      "composer.edit.label": "تعديل تعليقك",
      "composer.placeholder": "شارك في النقاش…",
      "composer.reply.placeholder": "اكتب ردًّا…",
      "composer.name": "الاسم",
      "composer.name.placeholder": "مجهول",
      "composer.email": "البريد الإلكتروني",
      "composer.email.hint": "اختياري، لا يُعرض أبدًا",
      "composer.hint": "**عريض**، *مائل*، `رمز`، [رابط](https://…)، > اقتباس، - قائمة",
      "composer.left": {
        zero: "لم يتبقَّ أي حرف",
        one: "يتبقى حرف واحد",
        two: "يتبقى حرفان",
        few: "تتبقى {n} أحرف",
        many: "يتبقى {n} حرفًا",
        other: "يتبقى {n} حرف",
      },
      "composer.over": {
        zero: "لا زيادة",
        one: "زيادة حرف واحد",
        two: "زيادة حرفين",
        few: "زيادة {n} أحرف",
        many: "زيادة {n} حرفًا",
        other: "زيادة {n} حرف",
      },
      "composer.preview": "معاينة",
      "composer.post": "نشر التعليق",
      "composer.reply": "نشر الرد",
      "composer.save": "حفظ",
      "composer.cancel": "إلغاء",
      "composer.sending": "جارٍ الإرسال…",
      "composer.empty": "اكتب شيئًا أولًا.",
      "composer.posted": "نُشر تعليقك.",
      "composer.posted.pending": "شكرًا! تعليقك بانتظار المراجعة.",
      "composer.posted.rejected": "لم يُنشر تعليقك لأنه يخالف قواعد الموقع.",
      "composer.saved": "عُدّل تعليقك.",
      "nudge.title": "قبل النشر",
      "nudge.edit": "تعديل تعليقي",
      "nudge.confirm": "النشر على أي حال",
      "nudge.intro": "قد تخالف بعض كلماتك قواعد الموقع. عدّلها، أو انشر على أي حال وسيراجع أحد المشرفين تعليقك أولًا.",
      "nudge.marked": "تعليقك، مع تمييز الكلمات المعنية:",
      "nudge.rules": "قد يخالف:",
      "comment.anonymous": "مجهول",
      "comment.pending.note": "لا يرى هذا التعليق أحد غيرك حتى يوافق عليه أحد المشرفين.",
      "comment.rejected.note": "غير منشور: يخالف قاعدة {rules}.",
      "comment.rejected.plain": "غير منشور: يخالف قواعد الموقع.",
      "comment.hidden": "هذا التعليق مخفي بانتظار المراجعة.",
      "comment.hidden.mine": "أبلغ قرّاء عن هذا التعليق: سيبقى مخفيًا حتى يراجعه أحد المشرفين.",
      "comment.muted": "لقد كتمت هذا القارئ.",
      "comment.muted.show": "إظهار التعليق",
      "appeal.button": "تظلّم",
      "appeal.note": "لماذا ينبغي نشره؟ (اختياري)",
      "appeal.send": "إرسال التظلّم",
      "appeal.sent": "أُرسل تظلّمك: سيعيد أحد المشرفين النظر في تعليقك.",
      "appeal.done": "تم التظلّم: سيعيد أحد المشرفين النظر.",
      "statement.button": "لماذا؟ (بيان الأسباب)",
      "statement.title": "بيان الأسباب",
      "statement.decision": "ما تقرّر",
      "statement.facts": "الوقائع والملابسات",
      "statement.ground": "الأساس",
      "statement.automated": "الوسائل الآلية",
      "statement.redress": "ما يمكنك فعله",
      "menu.mute": "كتم هذا القارئ",
      "menu.unmute": "إلغاء كتم هذا القارئ",
      "menu.muted": "كتمت هذا القارئ: ستُطوى تعليقاته لديك.",
      "menu.unmuted": "ألغيت كتم هذا القارئ.",
      "comment.edited": "معدَّل",
      "comment.pending": "بانتظار المراجعة",
      "comment.rejected": "غير منشور",
      "comment.deleted": "حُذف هذا التعليق.",
      "comment.you": "أنت",
      "comment.label": "تعليق من {name}",
      "action.reply": "رد",
      "action.edit": "تعديل",
      "action.delete": "حذف",
      "action.delete.confirm": "حذف هذا التعليق؟",
      "action.delete.yes": "حذف",
      "action.delete.no": "إبقاء",
      "action.deleted": "حُذف تعليقك.",
      "vote.up": "تصويت مؤيد",
      "vote.down": "تصويت معارض",
      "vote.up.label": {
        zero: "تصويت مؤيد (لا أصوات)",
        one: "تصويت مؤيد (صوت واحد)",
        two: "تصويت مؤيد (صوتان)",
        few: "تصويت مؤيد ({n} أصوات)",
        many: "تصويت مؤيد ({n} صوتًا)",
        other: "تصويت مؤيد ({n} صوت)",
      },
      "vote.down.label": {
        zero: "تصويت معارض (لا أصوات)",
        one: "تصويت معارض (صوت واحد)",
        two: "تصويت معارض (صوتان)",
        few: "تصويت معارض ({n} أصوات)",
        many: "تصويت معارض ({n} صوتًا)",
        other: "تصويت معارض ({n} صوت)",
      },
      "menu.button": "إجراءات أخرى لهذا التعليق",
      "menu.report": "إبلاغ…",
      "menu.copy": "نسخ الرابط",
      "menu.copied": "نُسخ الرابط.",
      "menu.copy.failed": "تعذّر نسخ الرابط: {url}",
      "report.title": "الإبلاغ عن هذا التعليق",
      "report.legend": "ما المشكلة فيه؟",
      "report.reason.violence": "عنف",
      "report.reason.violence.hint": "تهديد أو تحريض أو تمنّي الأذى",
      "report.reason.racism": "عنصرية",
      "report.reason.racism.hint": "هجوم على العرق أو الدين أو الأصل أو الجنسية",
      "report.reason.profanity": "ألفاظ نابية",
      "report.reason.profanity.hint": "شتائم",
      "report.reason.vulgarity": "بذاءة",
      "report.reason.vulgarity.hint": "محتوى جنسي صريح أو فاحش",
      "report.reason.doxing": "كشف معلومات شخصية",
      "report.reason.doxing.hint": "هاتف أو عنوان أو بريد شخص ما",
      "report.reason.discourtesy": "سلوك غير لائق",
      "report.reason.discourtesy.hint": "إهانات أو تنابز بالألقاب أو ازدراء",
      "report.reason.spam": "رسائل مزعجة",
      "report.reason.spam.hint": "إعلانات أو احتيال أو روابط أو تكرار",
      "report.reason.illegal": "محتوى غير قانوني",
      "report.reason.illegal.hint": "إشعار قانوني بموجب قانون الاتحاد الأوروبي: اشرح السبب في الملاحظة",
      "report.reason.other": "سبب آخر",
      "report.reason.other.hint": "اشرح في الملاحظة",
      "report.note": "ملاحظة للمشرفين (اختيارية)",
      "report.note.required": "لماذا هو غير قانوني؟ (مطلوب)",
      "report.note.missing": "اشرح لماذا هذا المحتوى غير قانوني.",
      "report.send": "إرسال البلاغ",
      "report.cancel": "إلغاء",
      "report.close": "إغلاق",
      "report.choose": "اختر سببًا.",
      "report.sent": "شكرًا لك. سيراجع أحد المشرفين هذا التعليق.",
      "report.already": "سبق أن أبلغت عن هذا التعليق.",
      "time.now": "الآن",
      "error.network": "تعذّر الوصول إلى خادم التعليقات. تحقق من اتصالك وأعد المحاولة.",
      "error.generic": "حدث خطأ ما. أعد المحاولة من فضلك.",
      "powered": "التعليقات عبر Kibitz",
      "live.new": { zero: "لا تعليقات جديدة", one: "تعليق جديد", two: "تعليقان جديدان", few: "{n} تعليقات جديدة", many: "{n} تعليقًا جديدًا", other: "{n} تعليق جديد" },
    },
  };
  const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);
  // The seven house rules, spelled as in the API, then "illegal" (an EU DSA notice, which needs
  // a note) and "other" (DESIGN.md, "The house rules").
  const REPORT_REASONS = [
    "spam",
    "discourtesy",
    "violence",
    "racism",
    "profanity",
    "vulgarity",
    "doxing",
    "illegal",
    "other",
  ];
  const RULES = REPORT_REASONS.slice(0, 7);
  const MAX_BODY = 10000;
  const MAX_NAME = 80;
  const PAGE_SIZE = 20;
  // Live updates: server-sent events first; when the stream is refused (Redis down, a proxy
  // that buffers) the widget polls the newest page instead, and tries the stream again later.
  const POLL_MS = 15000;
  const STREAM_RETRY_MS = 60000;
  const ANCHOR_PREFIX = "kibitz-comment-";

  // ---------------------------------------------------------------- small DOM helpers
  /**
   * Build an element. `attrs`: "class", "text" (textContent), "on<event>" handlers, booleans
   * (true sets an empty attribute, false/null/undefined skips) and plain attributes.
   * Children are nodes or strings; strings become text nodes, never markup.
   */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "text") el.textContent = value;
      else if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) el.append(child);
    }
    return el;
  }

  /** The server's sanitised `html` field, and only that, is parsed as markup. */
  function trustedHtml(el, html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    el.replaceChildren(template.content);
    // Links in comments leave the article in a new tab (the server already adds rel).
    for (const a of el.querySelectorAll("a[href]")) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "nofollow ugc noopener");
    }
  }

  function safeUrl(raw) {
    try {
      const url = new URL(raw, location.href);
      return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- markdown preview
  // A small, DOM-building subset of what the server renders (emphasis, links, quotes, code,
  // lists). It is only a preview: the published comment is the server's rendering.
  // Underscores only emphasise at word edges (snake_case stays as typed), as in CommonMark.
  const INLINE =
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|(?<![\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])|\*(?=\S)([\s\S]*?\S)\*|(?<![\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])|\[([^\]\n]+)\]\(([^)\s]+)\)/u;

  function renderInline(text, parent) {
    let rest = text;
    while (rest) {
      const m = INLINE.exec(rest);
      if (!m) {
        parent.append(rest);
        break;
      }
      if (m.index) parent.append(rest.slice(0, m.index));
      if (m[1]) parent.append(h("code", { text: m[2] }));
      else if (m[3] !== undefined || m[4] !== undefined) {
        parent.append(renderInlineInto(h("strong"), m[3] ?? m[4]));
      } else if (m[5] !== undefined || m[6] !== undefined) {
        parent.append(renderInlineInto(h("em"), m[5] ?? m[6]));
      } else {
        const href = safeUrl(m[8]);
        if (href) {
          const a = h("a", { href, rel: "nofollow ugc noopener", target: "_blank" });
          parent.append(renderInlineInto(a, m[7]));
        } else parent.append(m[0]);
      }
      rest = rest.slice(m.index + m[0].length);
    }
    return parent;
  }

  function renderInlineInto(el, text) {
    return renderInline(text, el);
  }

  function renderMarkdown(source) {
    const out = document.createDocumentFragment();
    const lines = source.replace(/\r\n?/g, "\n").split("\n");
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        i += 1;
      } else if (/^\s*```/.test(line)) {
        const code = [];
        i += 1;
        while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
        i += 1;
        out.append(h("pre", {}, h("code", { text: code.join("\n") })));
      } else if (/^\s*>/.test(line)) {
        const quoted = [];
        while (i < lines.length && /^\s*>/.test(lines[i])) {
          quoted.push(lines[i++].replace(/^\s*> ?/, ""));
        }
        out.append(h("blockquote", {}, renderMarkdown(quoted.join("\n"))));
      } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
        const ordered = /^\s*\d/.test(line);
        const list = h(ordered ? "ol" : "ul");
        const item = ordered ? /^\s*\d+[.)]\s+/ : /^\s*[-*+]\s+/;
        while (i < lines.length && item.test(lines[i])) {
          list.append(renderInline(lines[i++].replace(item, ""), h("li")));
        }
        out.append(list);
      } else {
        const para = [];
        while (i < lines.length && lines[i].trim() && !/^\s*(```|>|[-*+]\s|\d+[.)]\s)/.test(lines[i])) {
          para.push(lines[i++]);
        }
        out.append(renderInline(para.join("\n"), h("p")));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- presentation helpers
  function initials(name) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    // The first letter or digit of each word, so "<b>Sam" or "@dana" still give a letter.
    const letters = words.slice(0, 2).map((w) => (w.match(/[\p{L}\p{N}]/u) || [""])[0]);
    return (letters.join("") || "?").toLocaleUpperCase();
  }

  function hueOf(name) {
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    return hash % 360;
  }

  const STYLE = `
:host { all: initial; display: block; contain: layout style; container-type: inline-size; }
.kz {
  all: initial; display: block; box-sizing: border-box;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif;
  color: var(--fg); background: var(--panel); text-align: start; overflow-wrap: anywhere;
  border-radius: 12px; padding: var(--panel-pad);
  --bg: #ffffff; --fg: #1d2329; --muted: #5c6670; --border: #dde2e7; --subtle: #f5f7f9;
  --accent: #0b5cad; --accent-fg: #ffffff; --accent-soft: #e4eefa; --danger: #b3261e;
  --danger-soft: #fdecea; --warn: #8a5a00; --warn-soft: #fff4d6; --ok: #1a7f37; --focus: #0b5cad;
  --shadow: 0 6px 24px rgba(15, 23, 42, .14), 0 1px 3px rgba(15, 23, 42, .12);
  --indent: 28px; --panel: transparent; --panel-pad: 4px 8px;
}
.kz.dark {
  --bg: #15191e; --fg: #e4e8ec; --muted: #9aa5b1; --border: #2d343c; --subtle: #1d2228;
  --accent: #6cb0f5; --accent-fg: #0c1116; --accent-soft: #1c2e42; --danger: #ff8a80;
  --danger-soft: #3a1d1b; --warn: #f2c25b; --warn-soft: #33290f; --ok: #5fd37a; --focus: #8cc2ff;
  --shadow: 0 6px 24px rgba(0, 0, 0, .5), 0 1px 3px rgba(0, 0, 0, .4);
  /* On a light page a dark widget needs its own surface; on a dark page it blends in. */
  --panel: var(--bg); --panel-pad: 16px;
  color-scheme: dark;
}
.kz *, .kz *::before, .kz *::after { box-sizing: border-box; }
.kz [hidden] { display: none !important; }
.kz :focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
/* :where() keeps these resets at zero specificity so component classes (.btn) override them. */
:where(.kz) :where(button, input, textarea) { font: inherit; color: inherit; }
:where(.kz) button { cursor: pointer; }
.kz button:disabled { cursor: default; opacity: .6; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 8px 16px; padding-block: 4px 12px; border-bottom: 1px solid var(--border); margin-bottom: 16px; }
.count { margin: 0; font-size: 17px; font-weight: 700; letter-spacing: -.01em; }
.sort { display: inline-flex; padding: 2px; border-radius: 8px; background: var(--subtle);
  border: 1px solid var(--border); }
.sort button { border: 0; background: none; padding: 3px 10px; border-radius: 6px;
  font-size: 13px; color: var(--muted); }
.sort button[aria-pressed="true"] { background: var(--bg); color: var(--fg); font-weight: 600;
  box-shadow: 0 1px 2px rgba(0, 0, 0, .12); }

.btn { display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  border: 1px solid transparent; border-radius: 8px; padding: 7px 14px; font-weight: 600;
  font-size: 14px; line-height: 1.2; background: var(--accent); color: var(--accent-fg); }
.btn:hover:not(:disabled) { filter: brightness(1.08); }
.btn.secondary { background: transparent; color: var(--fg); border-color: var(--border); }
.btn.secondary:hover:not(:disabled) { background: var(--subtle); filter: none; }
.btn.danger { background: var(--danger); color: var(--bg); }
.btn.wide { width: 100%; }

.composer { display: grid; gap: 10px; margin-bottom: 22px; }
.composer.inline { margin: 10px 0 6px; }
.field { display: grid; gap: 4px; min-width: 0; }
.field label, .label { font-size: 13px; font-weight: 600; color: var(--fg); }
.field .hint { font-weight: 400; color: var(--muted); }
.kz input[type="text"], .kz input[type="email"], .kz textarea {
  width: 100%; border: 1px solid var(--border); border-radius: 8px; background: var(--bg);
  padding: 8px 10px; font-size: 15px; line-height: 1.45; }
.kz textarea { min-height: 92px; resize: vertical; display: block; }
.kz input:focus, .kz textarea:focus { border-color: var(--accent); outline: 2px solid var(--accent-soft);
  outline-offset: 0; }
.kz [aria-invalid="true"] { border-color: var(--danger); }
.account { display: grid; gap: 10px; margin-bottom: 14px; }
.account:empty { display: none; }
.account p { margin: 0; }
.account .hint { font-size: 13px; color: var(--muted); }
.account .who-name { font-weight: 700; }
.account-tools { gap: 4px 8px; }
.data-tools { justify-content: flex-end; gap: 4px; margin-top: 18px; }
.data-tools[hidden] { display: none; }
.data-tools + .footer { margin-top: 4px; }
.link.danger-link { color: var(--danger); }
.auth { display: grid; gap: 10px; border: 1px solid var(--border); border-radius: 8px; padding: 12px; }
.kz input[type="password"] { width: 100%; border: 1px solid var(--border); border-radius: 8px;
  background: var(--bg); padding: 8px 10px; font-size: 15px; line-height: 1.45; }
.trap { position: absolute; inset-inline-start: -10000px; width: 1px; height: 1px; overflow: hidden; }
.who { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.row .spacer { flex: 1 1 auto; }
.hint-line { font-size: 12px; color: var(--muted); }
.counter { font-size: 12px; color: var(--muted); }
.counter.over { color: var(--danger); font-weight: 600; }
.error { color: var(--danger); font-size: 13px; }
.error:empty, .notice:empty { display: none; }
.preview { border: 1px dashed var(--border); border-radius: 8px; padding: 8px 12px;
  background: var(--subtle); }
.preview .label { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin-bottom: 2px; }
.notice { border-radius: 8px; padding: 10px 12px; background: var(--warn-soft); color: var(--fg);
  border: 1px solid var(--border); font-size: 14px; }
.notice strong { display: block; margin-bottom: 2px; }
.notice.closed { margin: 0 0 18px; background: var(--subtle); color: var(--muted); }
.nudge-actions { margin-top: 8px; }
.nudge-intro { margin: 0 0 6px; }
.nudge-rules ul { margin: 2px 0 6px; padding-inline-start: 1.2em; }
.nudge-marked { margin: 6px 0 2px; font-size: 13px; color: var(--muted); }
.nudge-text { white-space: pre-wrap; background: var(--bg, #fff); border: 1px solid var(--border);
  border-radius: 6px; padding: 6px 10px; }
.nudge-text mark { background: var(--danger-soft); color: var(--danger); border-radius: 3px;
  padding: 0 2px; font-weight: 600; }
.moderation-note { margin: 6px 0 0; font-size: 13px; color: var(--warn); }
.moderation-note.rejected { color: var(--danger); display: flex; flex-wrap: wrap; align-items: center;
  gap: 6px 12px; }
.moderation-note.rejected p { margin: 0; }
.moderation-note .btn { padding: 3px 10px; font-size: 13px; }

.list, .replies { list-style: none; margin: 0; padding: 0; }
.replies { margin-inline-start: var(--indent); padding-inline-start: 14px;
  border-inline-start: 2px solid var(--border); }
.comment { position: relative; }
.list > .comment + .comment { border-top: 1px solid var(--border); }
/* The negative margin gives the highlight some room without moving the text off the grid. */
.card { display: grid; grid-template-columns: 36px minmax(0, 1fr); gap: 0 12px; padding: 14px 8px 6px;
  margin-inline: -8px; border-radius: 8px; transition: background-color .6s; }
.replies .card { grid-template-columns: 28px minmax(0, 1fr); }
.card.highlight { background: var(--accent-soft); }
.avatar { width: 36px; height: 36px; border-radius: 50%; display: grid; place-items: center;
  font-weight: 700; font-size: 14px; color: #fff; user-select: none;
  background: hsl(var(--hue) 45% 45%); }
.replies .avatar { width: 28px; height: 28px; font-size: 12px; }
.meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; font-size: 13px;
  color: var(--muted); }
.author { font-weight: 700; font-size: 14px; color: var(--fg); }
.you { font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 999px;
  background: var(--accent-soft); color: var(--accent); }
.meta a { color: inherit; text-decoration: none; }
.meta a:hover { text-decoration: underline; }
.badge { font-size: 11px; font-weight: 700; padding: 1px 8px; border-radius: 999px;
  text-transform: uppercase; letter-spacing: .04em; }
.badge.pending { background: var(--warn-soft); color: var(--warn); }
.badge.rejected { background: var(--danger-soft); color: var(--danger); }
.comment.pending > .card .body, .comment.rejected > .card .body { opacity: .75; }
.body { margin-top: 2px; }
.body > :first-child { margin-top: 0; }
.body > :last-child { margin-bottom: 0; }
.body p, .preview p { margin: 0 0 .6em; }
.body a, .preview a { color: var(--accent); }
.body blockquote, .preview blockquote { margin: 0 0 .6em; padding-inline-start: 12px;
  border-inline-start: 3px solid var(--border); color: var(--muted); }
.body code, .preview code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--subtle); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
.body pre, .preview pre { background: var(--subtle); border: 1px solid var(--border);
  border-radius: 6px; padding: 8px 10px; overflow-x: auto; margin: 0 0 .6em; }
.body pre code, .preview pre code { border: 0; padding: 0; background: none; }
.body ul, .body ol, .preview ul, .preview ol { margin: 0 0 .6em; padding-inline-start: 1.4em; }
.deleted-text { font-style: italic; color: var(--muted); margin: 0; }

.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 4px; margin-top: 4px;
  margin-inline-start: -8px; }
.actions .spacer { flex: 1 1 auto; }
.link { border: 0; background: none; padding: 4px 8px; border-radius: 6px; font-size: 13px;
  font-weight: 500; color: var(--muted); display: inline-flex; align-items: center; gap: 4px; }
.link:hover:not(:disabled) { background: var(--subtle); color: var(--fg); }
.vote[aria-pressed="true"] { color: var(--accent); background: var(--accent-soft); }
.vote .glyph { font-size: 11px; }
.confirm { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 13px;
  padding-inline-start: 8px; }
.confirm .btn { padding: 3px 10px; font-size: 13px; }

.menu-wrap { position: relative; }
.menu-button { border: 1px solid transparent; background: none; width: 30px; height: 28px;
  border-radius: 6px; color: var(--muted); font-size: 15px; line-height: 1; display: grid;
  place-items: center; }
.menu-button:hover, .menu-button[aria-expanded="true"] { background: var(--subtle);
  border-color: var(--border); color: var(--fg); }
.menu { position: absolute; inset-inline-end: 0; top: calc(100% + 4px); z-index: 10; min-width: 170px;
  margin: 0; padding: 4px; list-style: none; background: var(--bg); border: 1px solid var(--border);
  border-radius: 10px; box-shadow: var(--shadow); }
.menu button { display: block; width: 100%; text-align: start; border: 0; background: none;
  padding: 8px 12px; border-radius: 6px; font-size: 14px; }
.menu button:hover, .menu button:focus { background: var(--accent-soft); outline: none; }

.more { margin-top: 12px; }
.new-banner { position: sticky; top: 8px; z-index: 2; margin: 8px 0; }
/* The widget keeps the reader's place itself (showNew), in every browser: the browser's own
   scroll anchoring would adjust a second time. */
:host, .kz { overflow-anchor: none; }
.state { padding: 18px 0; color: var(--muted); text-align: center; }
.footer { margin-top: 18px; font-size: 11px; color: var(--muted); text-align: end; }

dialog { border: 1px solid var(--border); border-radius: 14px; padding: 0; width: min(440px, calc(100vw - 24px));
  background: var(--bg); color: var(--fg); box-shadow: var(--shadow); }
dialog::backdrop { background: rgba(10, 14, 20, .45); }
.dialog-body { padding: 18px 20px 16px; display: grid; gap: 12px; }
.dialog-body h3 { margin: 0; font-size: 17px; }
.statement-body dl { margin: 0; display: grid; gap: 4px; font-size: 14px; }
.statement-body dt { font-weight: 600; margin-top: 6px; }
.statement-body dd { margin: 0; }
.statement-body ul { margin: 0; padding-inline-start: 18px; }
.dialog-body fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 2px; }
.dialog-body legend { font-size: 14px; font-weight: 600; margin-bottom: 6px; padding: 0; }
.choice { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; align-items: start;
  padding: 6px 8px; border-radius: 8px; cursor: pointer; }
.choice:hover { background: var(--subtle); }
.choice input { margin: 4px 0 0; accent-color: var(--accent); }
.choice span { font-weight: 600; font-size: 14px; }
.choice small { grid-column: 2; color: var(--muted); font-size: 12px; }
.dialog-body textarea { min-height: 64px; }
.dialog-actions { display: flex; justify-content: flex-end; gap: 8px; flex-wrap: wrap; }
.result { margin: 0; font-size: 15px; }
.result.ok::before { content: "✓ "; color: var(--ok); font-weight: 700; }

@container (max-width: 560px) {
  .kz { --indent: 10px; }
  .replies { padding-inline-start: 10px; }
  /* Past the third level, narrow screens stop indenting so text keeps a readable width. */
  .replies .replies .replies { margin-inline-start: 0; padding-inline-start: 0; border-inline-start: 0; }
  .card { grid-template-columns: 30px minmax(0, 1fr); gap: 0 10px; }
  .avatar { width: 30px; height: 30px; font-size: 12px; }
  .sort button { padding: 3px 8px; }
}
@container (min-width: 561px) {
  .replies .replies .replies .replies .replies { margin-inline-start: 0; }
}
`;

  // ---------------------------------------------------------------- API client
  class ApiError extends Error {
    constructor(status, code, message, field, data) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field || null;
      this.data = data;
    }
  }

  // ---------------------------------------------------------------- the widget
  class Widget {
    constructor(host, config) {
      this.host = host;
      this.config = config;
      this.lang = CATALOGUES[config.lang] ? config.lang : "en";
      this.messages = CATALOGUES[this.lang];
      this.plural = new Intl.PluralRules(this.lang);
      this.number = new Intl.NumberFormat(this.lang);
      this.rtf = new Intl.RelativeTimeFormat(this.lang, { numeric: "auto" });
      this.dateFormat = new Intl.DateTimeFormat(this.lang, { dateStyle: "long", timeStyle: "short" });
      this.sort = "oldest";
      this.total = 0;
      this.nextCursor = null;
      this.closed = false;
      this.byId = new Map();
      this.openMenu = null;
      this.loadToken = 0;
      this.pending = new Map(); // live comments not yet shown: id -> comment
      this.stream = null;
      this.poller = null;
      this.reader = null;
      this.csrf = null;
      this.commenters = ["guests"]; // until /auth/options says otherwise
      this.accountError = "";
    }

    // ------------------------------------------------------------ i18n
    t(key, vars) {
      let text = this.messages[key] ?? CATALOGUES.en[key] ?? key;
      if (typeof text === "object") text = text.other;
      return this.fill(text, vars);
    }

    tn(key, n, vars) {
      const forms = this.messages[key] ?? CATALOGUES.en[key];
      const text = forms[this.plural.select(n)] ?? forms.other;
      return this.fill(text, { ...vars, n: this.number.format(n) });
    }

    fill(text, vars) {
      return text.replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
    }

    relative(date) {
      // A server clock slightly ahead of the reader's must not say "in 1 minute".
      const seconds = Math.min(0, (date.getTime() - Date.now()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return this.t("time.now");
      const units = [
        ["minute", 60, 45 * 60],
        ["hour", 3600, 22 * 3600],
        ["day", 86400, 26 * 86400],
        ["month", 30 * 86400, 320 * 86400],
        ["year", 365 * 86400, Infinity],
      ];
      for (const [unit, size, limit] of units) {
        if (abs < limit) return this.rtf.format(Math.round(seconds / size), unit);
      }
      return this.dateFormat.format(date);
    }

    // ------------------------------------------------------------ API
    async api(method, path, body) {
      const init = { method, credentials: "include", headers: { Accept: "application/json" } };
      // A signed-in reader's writes carry the session's CSRF token (see initAccount).
      if (this.csrf && method !== "GET") init.headers["X-CSRF-Token"] = this.csrf;
      if (body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      let response;
      try {
        response = await fetch(this.config.api + path, init);
      } catch {
        throw new ApiError(0, "network", this.t("error.network"));
      }
      let data = null;
      if (response.status !== 204) {
        try {
          data = await response.json();
        } catch {
          data = null;
        }
      }
      if (!response.ok) {
        const error = (data && data.error) || {};
        const message = error.message || this.t("error.generic");
        throw new ApiError(response.status, error.code || `http_${response.status}`, message, error.field, data);
      }
      return data;
    }

    // ------------------------------------------------------------ accounts
    // With `data-sso` (or window.Kibitz.sso) the news site's token becomes a session; otherwise
    // an existing session is picked up. Either way the widget learns the CSRF token.
    // The site's choice of commenters (/auth/options) decides what the account bar offers.
    async initAccount() {
      const options = this.api("GET", `/auth/options?site=${encodeURIComponent(this.config.site)}`).then(
        (answer) => {
          this.commenters = answer.commenters;
        },
        () => {},
      );
      if (this.config.sso) await this.signInSso(this.config.sso);
      else {
        try {
          this.startSession(await this.api("GET", "/auth/reader"));
        } catch {
          this.startSession(null);
        }
      }
      await options;
    }

    startSession(session) {
      this.csrf = session ? session.csrf_token : null;
      this.reader = session ? session.reader : null;
    }

    async signInSso(token) {
      try {
        this.startSession(await this.api("POST", "/auth/sso", { site: this.config.site, token }));
        this.accountError = "";
      } catch (error) {
        this.startSession(null);
        this.accountError = error.message;
      }
      if (this.composerSlot) this.accountChanged(this.reader ? "account.signedIn" : null);
      return this.reader;
    }

    async signOut() {
      try {
        await this.api("POST", "/auth/signout");
      } catch {
        // An expired session is signed out already; the widget forgets it either way.
      }
      this.startSession(null);
      this.accountChanged("account.signedOut");
    }

    /** Redraw the account bar and the composer, and reload the thread: what is "mine" changed. */
    accountChanged(messageKey) {
      this.composerSlot.replaceChildren(this.accountBar());
      if (this.dataTools) this.dataTools.hidden = Boolean(this.reader);
      if (this.reader || this.commenters.includes("guests")) this.composerSlot.append(this.composer({ mode: "new" }));
      this.load(true);
      if (!messageKey) return;
      this.announce(this.t(messageKey));
      const focus = this.reader ? this.composerSlot.querySelector("textarea") : this.composerSlot.querySelector(".account button");
      if (focus) focus.focus();
    }

    accountBar() {
      const bar = h("div", { class: "account" });
      if (this.accountError) bar.append(h("p", { class: "error", role: "alert", text: this.accountError }));
      if (this.reader) {
        const out = h("button", { type: "button", class: "btn secondary", text: this.t("account.signOut"), onclick: () => this.signOut() });
        const who = h("p", { class: "signed-in" }, `${this.t("account.signedInAs")} `, h("bdi", { class: "who-name", text: this.reader.display_name }));
        bar.append(h("div", { class: "row" }, who, h("span", { class: "spacer" }), out));
        if (!this.reader.verified && !this.reader.sso) bar.append(h("p", { class: "hint", text: this.t("account.unverified") }));
        bar.append(...this.accountTools());
        return bar;
      }
      const guests = this.commenters.includes("guests");
      if (!this.commenters.includes("accounts")) {
        if (!guests) bar.append(h("p", { class: "notice", text: this.t("account.ssoOnly") }));
        return bar;
      }
      const panel = h("div", { class: "auth-panel", id: "kz-auth-panel", hidden: true });
      const buttons = {};
      const close = (mode) => {
        panel.hidden = true;
        panel.replaceChildren();
        for (const button of Object.values(buttons)) button.setAttribute("aria-expanded", "false");
        if (mode) buttons[mode].focus();
      };
      const open = (mode) => {
        if (buttons[mode].getAttribute("aria-expanded") === "true") return close(mode);
        close(null);
        panel.replaceChildren(this.authForm(mode, () => close(mode)));
        panel.hidden = false;
        buttons[mode].setAttribute("aria-expanded", "true");
        panel.querySelector("input").focus();
      };
      for (const mode of ["signin", "signup"]) {
        buttons[mode] = h("button", {
          type: "button",
          class: "btn secondary",
          "aria-expanded": "false",
          "aria-controls": panel.id,
          text: this.t(mode === "signin" ? "account.signIn" : "account.signUp"),
          onclick: () => open(mode),
        });
      }
      const intro = h("p", { class: "hint", text: this.t(guests ? "account.optional" : "account.required") });
      bar.append(h("div", { class: "row" }, intro, h("span", { class: "spacer" }), buttons.signin, buttons.signup), panel);
      return bar;
    }

    /** Escape in `form` calls `close` (Cancel does too, through its own button). */
    closeOnEscape(form, close) {
      form.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          close();
        }
      });
    }

    /** A one-field form's submit: `send` runs with the button disabled; a failure is shown at
     * the field, which gets focus, and the button is enabled again. */
    submitField(form, input, error, submit, send) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        error.textContent = "";
        input.removeAttribute("aria-invalid");
        submit.disabled = true;
        try {
          await send();
        } catch (failure) {
          input.setAttribute("aria-invalid", "true");
          error.textContent = failure.message;
          input.focus();
          submit.disabled = false;
        }
      });
    }

    /** The sign-in or sign-up form; Escape or Cancel closes it and gives focus back. */
    authForm(mode, close) {
      const uid = `kz-auth-${mode}`;
      const signUp = mode === "signup";
      const title = this.t(signUp ? "account.signUp.title" : "account.signIn.title");
      const form = h("form", { class: "auth", novalidate: true, "aria-label": title });
      const fields = {};
      const field = (name, type, label, autocomplete) => {
        const error = h("p", { class: "error", id: `${uid}-${name}-error`, "aria-live": "polite" });
        const input = h("input", { type, id: `${uid}-${name}`, name, autocomplete, required: true, "aria-describedby": error.id });
        if (name === "display_name") this.followTextDirection(input);
        fields[name] = [input, error];
        return h("div", { class: "field" }, h("label", { for: input.id, text: label }), input, error);
      };
      if (signUp) form.append(field("display_name", "text", this.t("account.displayName"), "nickname"));
      form.append(
        field("email", "email", this.t("account.email"), "email"),
        field("password", "password", this.t("account.password"), signUp ? "new-password" : "current-password"),
      );
      const trap = h("input", { type: "text", id: `${uid}-website`, name: "website", tabindex: "-1", autocomplete: "off" });
      if (signUp) form.append(h("div", { class: "trap", "aria-hidden": "true" }, h("label", { for: trap.id, text: this.t("account.website") }), trap));
      if (!signUp) {
        const forgot = () => {
          const reset = this.resetForm(close, fields.email[0].value.trim());
          form.replaceWith(reset);
          reset.querySelector("input").focus();
        };
        form.append(h("div", { class: "row" }, h("button", { type: "button", class: "link forgot", text: this.t("account.forgot"), onclick: forgot })));
      }
      const formError = h("p", { class: "error", role: "alert" });
      const submit = h("button", { type: "submit", class: "btn", text: this.t(signUp ? "account.signUp" : "account.signIn") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("composer.cancel"), onclick: () => close() });
      form.append(formError, h("div", { class: "row" }, h("span", { class: "spacer" }), cancel, submit));
      this.closeOnEscape(form, close);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        formError.textContent = "";
        for (const [input, error] of Object.values(fields)) {
          input.removeAttribute("aria-invalid");
          error.textContent = "";
        }
        const payload = { site: this.config.site };
        for (const [name, [input]] of Object.entries(fields)) payload[name] = name === "password" ? input.value : input.value.trim();
        if (trap.value) payload.website = trap.value;
        submit.disabled = true;
        try {
          this.startSession(await this.api("POST", signUp ? "/auth/signup" : "/auth/signin", payload));
          this.accountError = "";
          this.accountChanged(signUp ? "account.signedUp" : "account.signedIn");
        } catch (error) {
          const target = error.field && fields[error.field];
          if (target) {
            target[0].setAttribute("aria-invalid", "true");
            target[1].textContent = error.message;
            target[0].focus();
          } else formError.textContent = error.message;
        } finally {
          submit.disabled = false;
        }
      });
      return form;
    }

    /** "Forgot password?": the answer is the same whether or not the address has an account. */
    resetForm(close, email) {
      const title = this.t("account.reset.title");
      const form = h("form", { class: "auth reset", novalidate: true, "aria-label": title });
      const error = h("p", { class: "error", id: "kz-reset-email-error", "aria-live": "polite" });
      const input = h("input", { type: "email", id: "kz-reset-email", name: "email", autocomplete: "email", required: true, value: email, "aria-describedby": `kz-reset-intro ${error.id}` });
      const result = h("p", { class: "result ok", role: "status", hidden: true });
      const submit = h("button", { type: "submit", class: "btn", text: this.t("account.reset.send") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("composer.cancel"), onclick: () => close() });
      form.append(
        h("p", { class: "hint", id: "kz-reset-intro", text: this.t("account.reset.intro") }),
        h("div", { class: "field" }, h("label", { for: input.id, text: this.t("account.email") }), input, error),
        result,
        h("div", { class: "row" }, h("span", { class: "spacer" }), cancel, submit),
      );
      this.closeOnEscape(form, close);
      this.submitField(form, input, error, submit, async () => {
        await this.api("POST", "/auth/password-reset", { site: this.config.site, email: input.value.trim() });
        result.textContent = this.t("account.reset.sent");
        result.hidden = false;
        submit.disabled = false;
      });
      return form;
    }

    /** A signed-in reader's own tools: rename, download their data, delete the account. */
    accountTools() {
      const panel = h("div", { class: "auth-panel", id: "kz-account-panel", hidden: true });
      const rename = h("button", { type: "button", class: "link rename", "aria-expanded": "false", "aria-controls": panel.id, text: this.t("account.rename") });
      const close = (refocus) => {
        panel.hidden = true;
        panel.replaceChildren();
        rename.setAttribute("aria-expanded", "false");
        if (refocus) rename.focus();
      };
      rename.addEventListener("click", () => {
        if (rename.getAttribute("aria-expanded") === "true") return close(true);
        panel.replaceChildren(this.renameForm(() => close(true)));
        panel.hidden = false;
        rename.setAttribute("aria-expanded", "true");
        panel.querySelector("input").focus();
      });
      const download = h("button", { type: "button", class: "link", text: this.t("data.download"), onclick: () => this.downloadData() });
      const remove = h("button", { type: "button", class: "link danger-link", "aria-haspopup": "dialog", text: this.t("account.delete") });
      remove.addEventListener("click", () => this.openDeleteData(remove));
      return [h("div", { class: "row account-tools", role: "group", "aria-label": this.t("data.label") }, rename, download, remove), panel];
    }

    renameForm(close) {
      const title = this.t("account.rename");
      const form = h("form", { class: "auth rename", novalidate: true, "aria-label": title });
      const error = h("p", { class: "error", id: "kz-rename-error", "aria-live": "polite" });
      const input = h("input", { type: "text", id: "kz-rename-name", name: "display_name", autocomplete: "nickname", maxlength: "80", required: true, value: this.reader.display_name, "aria-describedby": error.id });
      this.followTextDirection(input);
      const submit = h("button", { type: "submit", class: "btn", text: this.t("account.rename.save") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("composer.cancel"), onclick: () => close() });
      form.append(h("div", { class: "field" }, h("label", { for: input.id, text: this.t("account.displayName") }), input, error), h("div", { class: "row" }, h("span", { class: "spacer" }), cancel, submit));
      this.closeOnEscape(form, close);
      this.submitField(form, input, error, submit, async () => {
        this.reader = await this.api("PATCH", "/auth/reader", { display_name: input.value });
        this.accountChanged("account.renamed");
      });
      return form;
    }

    /** Guests' data tools, under the thread: their reader cookie is what proves the data theirs. */
    guestTools() {
      const download = h("button", { type: "button", class: "link", text: this.t("data.download"), onclick: () => this.downloadData() });
      const remove = h("button", { type: "button", class: "link danger-link", "aria-haspopup": "dialog", text: this.t("data.delete.guest") });
      remove.addEventListener("click", () => this.openDeleteData(remove));
      return h("div", { class: "row data-tools", role: "group", "aria-label": this.t("data.label"), hidden: Boolean(this.reader) }, download, remove);
    }

    /** The JSON the server keeps about this reader, saved as a file (fetched: the API is on
        another origin, so a plain link would not carry the cookie on every browser). */
    async downloadData() {
      let data;
      try {
        data = await this.api("GET", this.reader ? "/auth/reader/export" : "/readers/me/data");
      } catch (error) {
        this.announce(error.message);
        return;
      }
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = h("a", { href: url, download: "kibitz-my-data.json", hidden: true });
      this.frame.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.announce(this.t("data.downloaded"));
    }

    /** `content` in the modal dialog; focus goes back to `returnFocus` when it closes. */
    showDialog(content, returnFocus) {
      this.dialog.replaceChildren(content);
      this.dialog.onclose = () => {
        if (returnFocus.isConnected) returnFocus.focus();
      };
      this.dialog.showModal();
    }

    /** Radio buttons `name`, one a value, each labelled `${key}.${value}` with a hint below. */
    radioChoices(name, values, key) {
      return values.map((value) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name, value }),
          h("span", { text: this.t(`${key}.${value}`) }),
          h("small", { text: this.t(`${key}.${value}.hint`) }),
        ),
      );
    }

    /** Confirm deleting the account (or a guest's data), with the choice for the comments. */
    openDeleteData(returnFocus) {
      const dialog = this.dialog;
      const account = Boolean(this.reader);
      const error = h("p", { class: "error", role: "alert" });
      const choices = this.radioChoices("comments", ["remove", "anonymise"], "data.delete");
      const confirm = h("button", { type: "submit", class: "btn danger", text: this.t("data.delete.confirm") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("report.cancel"), onclick: () => dialog.close() });
      const form = h(
        "form",
        { class: "dialog-body delete-data", novalidate: true, "aria-describedby": "kz-delete-intro" },
        h("h3", { id: "kz-dialog-title", text: this.t(account ? "data.delete.title" : "data.delete.guest.title") }),
        h("p", { id: "kz-delete-intro", class: "hint", text: this.t("data.delete.intro") }),
        h("fieldset", {}, h("legend", { text: this.t("data.delete.legend") }), choices),
        error,
        h("div", { class: "dialog-actions" }, cancel, confirm),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const picked = form.querySelector('input[name="comments"]:checked');
        if (!picked) {
          error.textContent = this.t("data.delete.choose");
          form.querySelector('input[name="comments"]').focus();
          return;
        }
        confirm.disabled = true;
        try {
          if (account) await this.api("DELETE", "/auth/reader", { comments: picked.value });
          else await this.api("DELETE", `/readers/me?comments=${encodeURIComponent(picked.value)}`);
        } catch (failure) {
          error.textContent = failure.message;
          confirm.disabled = false;
          return;
        }
        dialog.onclose = null;
        dialog.close();
        if (account) this.startSession(null);
        this.accountError = "";
        this.accountChanged(account ? "data.deleted" : "data.deleted.guest");
        if (!account && returnFocus.isConnected) returnFocus.focus();
      });
      this.showDialog(form, returnFocus);
      choices[0].querySelector("input").focus();
    }

    threadPath() {
      const { site, thread } = this.config;
      return `/threads/${encodeURIComponent(site)}/${encodeURIComponent(thread)}`;
    }

    // ------------------------------------------------------------ skeleton
    mount() {
      const root = this.host.shadowRoot || this.host.attachShadow({ mode: "open" });
      const dir = RTL_LANGUAGES.has(this.lang) ? "rtl" : "ltr";
      this.root = root;
      this.frame = h("section", { class: "kz", lang: this.lang, dir, "aria-label": this.t("region.label") });
      this.applyTheme();

      this.countEl = h("h2", { class: "count", text: this.t("loading") });
      this.sortButtons = ["oldest", "newest", "best"].map((sort) =>
        h("button", {
          type: "button",
          "data-sort": sort,
          "aria-pressed": String(sort === this.sort),
          text: this.t(`sort.${sort}`),
          onclick: () => this.changeSort(sort),
        }),
      );
      const sortGroup = h("div", { class: "sort", role: "group", "aria-label": this.t("sort.label") }, this.sortButtons);
      this.composerSlot = h("div", { class: "composer-slot" });
      this.closedNotice = h("p", { class: "notice closed", hidden: true, text: this.t("closed") });
      this.list = h("ol", { class: "list" });
      this.stateEl = h("div", { class: "state", text: this.t("loading") });
      this.newBanner = h("button", {
        type: "button",
        class: "btn wide new-banner",
        hidden: true,
        onclick: () => this.showNew(),
      });
      this.moreButton = h("button", {
        type: "button",
        class: "btn secondary wide more",
        hidden: true,
        text: this.t("load.more"),
        onclick: () => this.loadMore(),
      });
      this.live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
      this.dialog = h("dialog", { "aria-labelledby": "kz-dialog-title" });
      this.frame.append(
        h("div", { class: "bar" }, this.countEl, sortGroup),
        this.composerSlot,
        this.closedNotice,
        this.stateEl,
        this.newBanner,
        this.list,
        this.moreButton,
        (this.dataTools = this.guestTools()),
        h("p", { class: "footer", text: this.t("powered") }),
        this.live,
        this.dialog,
      );
      // A constructed stylesheet is not subject to the host page's CSP for inline <style>.
      if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
        root.adoptedStyleSheets = [sheet];
        root.replaceChildren(this.frame);
      } else root.replaceChildren(h("style", { text: STYLE }), this.frame);
      this.composerSlot.append(this.accountBar());
      if (this.reader || this.commenters.includes("guests")) this.composerSlot.append(this.composer({ mode: "new" }));

      // Relative times age while the page stays open.
      this.ticker = setInterval(() => this.refreshTimes(), 30000);
      this.load(true).then(() => this.startLive());
    }

    // ------------------------------------------------------------ live updates
    startLive() {
      if (this.stream || typeof EventSource !== "function") return this.startPolling();
      const stream = new EventSource(`${this.config.api}${this.threadPath()}/events`, { withCredentials: true });
      this.stream = stream;
      const handle = (event) => this.onLive(event.type, JSON.parse(event.data));
      for (const kind of ["created", "approved", "edited", "removed"]) stream.addEventListener(kind, handle);
      stream.onopen = () => this.stopPolling();
      stream.onerror = () => {
        // EventSource retries by itself (with Last-Event-ID) unless the server refused the stream.
        if (stream.readyState !== EventSource.CLOSED) return;
        stream.close();
        this.stream = null;
        this.startPolling();
        setTimeout(() => this.startLive(), STREAM_RETRY_MS);
      };
    }

    onLive(kind, event) {
      const known = this.byId.get(event.id);
      if (kind === "created" || kind === "approved") {
        if (known || !event.comment || this.pending.has(event.id)) return;
        this.pending.set(event.id, event.comment);
        this.updateBanner();
      } else if (known && event.comment) {
        known.data = { ...known.data, ...event.comment, mine: known.data.mine, body: known.data.body, replies: undefined };
        this.drawCard(known);
      } else if (known && kind === "removed" && !known.data.mine) {
        known.data = { ...known.data, status: event.status === "pending" ? "pending" : "deleted", hidden: event.status === "pending", html: "", author_name: "" };
        this.drawCard(known);
      } else if (kind === "removed" && this.pending.delete(event.id)) this.updateBanner();
    }

    updateBanner() {
      const n = this.pending.size;
      this.newBanner.hidden = n === 0;
      if (n) this.newBanner.textContent = this.tn("live.new", n);
    }

    /** Insert the waiting comments where they belong, keeping what the reader looks at in place. */
    showNew() {
      const anchor = [...this.byId.values()].find((entry) => entry.card.getBoundingClientRect().top >= 0);
      const before = anchor ? anchor.card.getBoundingClientRect().top : 0;
      const waiting = [...this.pending.values()].sort((a, b) => a.id - b.id);
      this.pending.clear();
      for (const comment of waiting) {
        if (this.byId.has(comment.id)) continue;
        const parent = comment.parent_id && this.byId.get(comment.parent_id);
        if (comment.parent_id && !parent) continue; // its thread of replies is not on screen
        const el = this.renderComment({ ...comment, replies: [] });
        el.classList.add("fresh");
        if (parent) {
          parent.replies.append(el);
          parent.replies.hidden = false;
        } else if (this.sort === "newest") this.list.prepend(el);
        else this.list.append(el);
        this.total += 1;
      }
      this.updateCount();
      this.updateBanner();
      this.stateEl.hidden = this.byId.size > 0;
      if (anchor) window.scrollBy(0, anchor.card.getBoundingClientRect().top - before);
      this.announce(this.tn("count", this.total));
    }

    startPolling() {
      if (this.poller) return;
      this.poller = setInterval(() => this.poll(), POLL_MS);
    }

    stopPolling() {
      clearInterval(this.poller);
      this.poller = null;
    }

    async poll() {
      try {
        const params = new URLSearchParams({ sort: "newest", limit: String(PAGE_SIZE) });
        const page = await this.api("GET", `${this.threadPath()}/comments?${params}`);
        const found = [];
        const walk = (comments) => {
          for (const c of comments) {
            if (c.status === "published") found.push(c);
            walk(c.replies || []);
          }
        };
        walk(page.comments);
        // The first round sets the floor: older comments may simply be on pages not loaded yet.
        const newest = Math.max(0, ...found.map((c) => c.id));
        if (this.pollFloor === undefined) this.pollFloor = newest;
        for (const c of found) {
          if (c.id > this.pollFloor) this.onLive("created", { id: c.id, comment: { ...c, replies: [] } });
        }
      } catch {
        // The next round tries again; nothing is lost, the server has every comment.
      }
    }

    applyTheme() {
      const forced = this.config.theme;
      const media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
      const update = () => {
        const dark = forced === "dark" || (forced !== "light" && media !== null && media.matches);
        this.frame.classList.toggle("dark", dark);
      };
      update();
      if (media && forced !== "dark" && forced !== "light") media.addEventListener("change", update);
    }

    announce(message) {
      // Clearing first makes screen readers repeat an identical message.
      this.live.textContent = "";
      setTimeout(() => {
        this.live.textContent = message;
      }, 50);
    }

    updateCount() {
      this.countEl.textContent = this.total === 0 ? this.t("count.none") : this.tn("count", this.total);
    }

    // ------------------------------------------------------------ loading
    async load(reset) {
      const token = ++this.loadToken;
      const params = new URLSearchParams({ sort: this.sort, limit: String(PAGE_SIZE) });
      if (!reset && this.nextCursor) params.set("cursor", this.nextCursor);
      this.moreButton.disabled = true;
      if (reset) {
        this.stateEl.hidden = false;
        this.stateEl.replaceChildren(this.t("loading"));
      }
      try {
        const page = await this.api("GET", `${this.threadPath()}/comments?${params}`);
        if (token !== this.loadToken) return;
        if (reset) {
          this.list.replaceChildren();
          this.byId.clear();
        }
        this.total = page.total;
        this.nextCursor = page.next_cursor;
        this.setClosed(Boolean(page.thread && page.thread.closed));
        for (const comment of page.comments) {
          // A comment the reader just posted may come again on a later page: keep one copy.
          const seen = this.byId.get(comment.id);
          if (seen) seen.li.remove();
          this.list.append(this.renderComment(comment));
        }
        this.updateCount();
        this.stateEl.hidden = this.byId.size > 0;
        this.stateEl.replaceChildren(this.t("empty"));
        this.moreButton.hidden = !this.nextCursor;
        if (reset) this.revealAnchor();
      } catch (error) {
        if (token !== this.loadToken) return;
        const retry = h("button", {
          type: "button",
          class: "btn secondary",
          text: this.t("retry"),
          onclick: () => this.load(reset),
        });
        if (reset) {
          this.countEl.textContent = this.t("region.label");
          this.stateEl.hidden = false;
          this.stateEl.replaceChildren(h("p", { class: "error", role: "alert", text: this.t("load.error") }), retry);
        } else this.announce(error.message);
      } finally {
        if (token === this.loadToken) this.moreButton.disabled = false;
      }
    }

    loadMore() {
      if (this.nextCursor) this.load(false);
    }

    changeSort(sort) {
      if (sort === this.sort) return;
      this.sort = sort;
      for (const button of this.sortButtons) {
        button.setAttribute("aria-pressed", String(button.dataset.sort === sort));
      }
      this.nextCursor = null;
      this.load(true);
    }

    setClosed(closed) {
      this.closed = closed;
      this.composerSlot.hidden = closed;
      this.closedNotice.hidden = !closed;
    }

    /** Scroll to the comment a copied link points at, when it is on the first page. */
    revealAnchor() {
      const match = /^#kibitz-comment-(\d+)$/.exec(location.hash);
      const entry = match && this.byId.get(Number(match[1]));
      if (!entry) return;
      entry.card.scrollIntoView({ block: "center" });
      entry.card.classList.add("highlight");
      setTimeout(() => entry.card.classList.remove("highlight"), 2500);
    }

    refreshTimes() {
      for (const el of this.frame.querySelectorAll("time[datetime]")) {
        el.textContent = this.relative(new Date(el.getAttribute("datetime")));
      }
      // An edit window may have closed since the comment was drawn.
      for (const entry of this.byId.values()) {
        if (!this.canEdit(entry.data)) {
          if (entry.editButton) entry.editButton.remove();
          if (entry.deleteButton) entry.deleteButton.remove();
        }
      }
    }

    // ------------------------------------------------------------ one comment
    canEdit(c) {
      if (!c.mine || c.status === "deleted") return false;
      return !c.editable_until || new Date(c.editable_until).getTime() > Date.now();
    }

    renderComment(c) {
      const li = h("li", { class: `comment ${c.status}`, "data-id": c.id });
      const entry = { data: c, li, card: null, editButton: null, replies: null };
      this.byId.set(c.id, entry);
      // Shown now (the reader's own post, a later page): no longer waiting behind the banner.
      if (this.pending.delete(c.id)) this.updateBanner();
      entry.replies = h("ol", { class: "replies" });
      for (const reply of c.replies || []) entry.replies.append(this.renderComment(reply));
      this.drawCard(entry);
      li.append(entry.card, entry.replies);
      entry.replies.hidden = entry.replies.childElementCount === 0;
      return li;
    }

    drawCard(entry) {
      const c = entry.data;
      const deleted = c.status === "deleted";
      // Hidden after reader reports: others see a placeholder where the comment was.
      const placeholder = Boolean(c.hidden && !c.mine);
      const blank = deleted || placeholder;
      const name = c.author_name || this.t("comment.anonymous");
      const created = new Date(c.created_at);
      const anchor = `${ANCHOR_PREFIX}${c.id}`;
      const card = h("article", {
        class: "card",
        id: anchor,
        "aria-label": this.t("comment.label", { name: blank ? this.t("comment.anonymous") : name }),
      });
      const avatar = h("div", { class: "avatar", "aria-hidden": "true", text: blank ? "–" : initials(name) });
      avatar.style.setProperty("--hue", String(blank ? 210 : hueOf(name)));
      const meta = h(
        "div",
        { class: "meta" },
        // dir="auto": an English name or comment in an Arabic widget (and the reverse) keeps its
        // own direction, so punctuation stays where its writer put it.
        blank ? null : h("bdi", { class: "author", text: name }),
        c.mine && !deleted ? h("span", { class: "you", text: this.t("comment.you") }) : null,
        h(
          "a",
          { href: `#${anchor}`, onclick: (event) => this.followAnchor(event, entry) },
          h("time", {
            datetime: c.created_at,
            title: this.dateFormat.format(created),
            text: this.relative(created),
          }),
        ),
        c.edited_at && !deleted
          ? h("span", { title: this.dateFormat.format(new Date(c.edited_at)), text: `· ${this.t("comment.edited")}` })
          : null,
        c.status === "pending" ? h("span", { class: "badge pending", text: this.t("comment.pending") }) : null,
        c.status === "rejected" ? h("span", { class: "badge rejected", text: this.t("comment.rejected") }) : null,
      );
      const body = h("div", { class: "body", dir: "auto" });
      if (deleted) body.append(h("p", { class: "deleted-text", text: this.t("comment.deleted") }));
      else if (placeholder) body.append(h("p", { class: "deleted-text hidden-text", text: this.t("comment.hidden") }));
      else trustedHtml(body, c.html);
      if (c.muted && !blank) this.collapse(body);
      const main = h("div", { class: "main" }, meta, body);
      const note = c.mine && !deleted ? this.moderationNote(entry) : null;
      if (note) main.append(note);
      if (!blank) main.append(this.actions(entry));
      card.append(avatar, main);
      if (entry.card) entry.card.replaceWith(card);
      entry.card = card;
      entry.body = body;
      entry.main = main;
    }

    /** A muted reader's comment, folded away behind a "Show comment" button (for this reader). */
    collapse(body) {
      const content = Array.from(body.childNodes);
      const show = h("button", {
        type: "button",
        class: "link",
        text: this.t("comment.muted.show"),
        onclick: () => body.replaceChildren(...content),
      });
      body.replaceChildren(h("p", { class: "deleted-text muted-text" }, this.t("comment.muted"), " ", show));
    }

    /** The note under the author's own comment, with "Why?" when a moderator's decision on it
     *  came with a statement of reasons (EU DSA). */
    moderationNote(entry) {
      const note = this.verdictNote(entry);
      if (!entry.data.statement) return note;
      const box = note || h("div", { class: "moderation-note" });
      box.append(
        " ",
        h("button", {
          type: "button",
          class: "link statement",
          text: this.t("statement.button"),
          onclick: (event) => this.openStatement(entry, event.currentTarget),
        }),
      );
      return box;
    }

    async openStatement(entry, returnFocus) {
      let statement;
      try {
        statement = await this.api("GET", `/comments/${entry.data.id}/statement`);
      } catch (error) {
        this.announce(error.message);
        return;
      }
      const part = (key, ...text) => [h("dt", { text: this.t(key) }), h("dd", { dir: "auto" }, ...text)];
      const redress = h("ul", {}, ...statement.redress.map((option) => h("li", { text: option.explanation })));
      const close = h("button", { type: "button", class: "btn", text: this.t("report.close"), onclick: () => this.dialog.close() });
      this.showDialog(
        h(
          "div",
          { class: "dialog-body statement-body" },
          h("h3", { id: "kz-dialog-title", text: this.t("statement.title") }),
          h(
            "dl",
            {},
            ...part("statement.decision", statement.decision),
            ...part("statement.facts", statement.facts),
            ...part("statement.ground", statement.ground.explanation),
            ...part("statement.automated", statement.automated.explanation),
            ...part("statement.redress", redress),
          ),
          h("div", { class: "dialog-actions" }, close),
        ),
        returnFocus,
      );
      close.focus();
    }

    /** What the author of a held or rejected comment is told, with "Appeal" when it is allowed. */
    verdictNote(entry) {
      const c = entry.data;
      const v = c.verdict || {};
      if (c.status === "pending") {
        const text = c.hidden ? this.t("comment.hidden.mine") : this.t("comment.pending.note");
        return h("p", { class: "moderation-note", text: v.appealed ? `${text} ${this.t("appeal.done")}` : text });
      }
      if (c.status !== "rejected") return null;
      const rules = (v.flags || []).filter((rule) => RULES.includes(rule));
      const labels = rules.map((rule) => this.t(`report.reason.${rule}`));
      const note = h(
        "div",
        { class: "moderation-note rejected" },
        h("p", {
          text: labels.length
            ? this.t("comment.rejected.note", { rules: new Intl.ListFormat(this.lang, { type: "conjunction" }).format(labels) })
            : this.t("comment.rejected.plain"),
        }),
      );
      if (v.appealable) {
        note.append(
          h("button", {
            type: "button",
            class: "btn secondary appeal",
            text: this.t("appeal.button"),
            onclick: (event) => this.openAppeal(entry, event.currentTarget),
          }),
        );
      }
      return note;
    }

    followAnchor(event, entry) {
      // The anchor lives in a shadow root, where the browser's own fragment scrolling cannot see.
      event.preventDefault();
      history.replaceState(null, "", `#${ANCHOR_PREFIX}${entry.data.id}`);
      entry.card.scrollIntoView({ block: "center", behavior: "smooth" });
    }

    actions(entry) {
      const c = entry.data;
      const bar = h("div", { class: "actions" });
      const up = this.voteButton(entry, 1);
      const down = this.voteButton(entry, -1);
      bar.append(up, down);
      if (!this.closed && c.status === "published") {
        bar.append(
          h("button", {
            type: "button",
            class: "link",
            "aria-expanded": "false",
            text: this.t("action.reply"),
            onclick: (event) => this.toggleReply(entry, event.currentTarget),
          }),
        );
      }
      entry.editButton = null;
      if (this.canEdit(c)) {
        entry.editButton = h("button", {
          type: "button",
          class: "link",
          text: this.t("action.edit"),
          onclick: () => this.startEdit(entry),
        });
        bar.append(entry.editButton);
      }
      // The server allows deleting within the same window as editing.
      entry.deleteButton = null;
      if (this.canEdit(c)) {
        entry.deleteButton = h("button", {
          type: "button",
          class: "link",
          text: this.t("action.delete"),
          onclick: (event) => this.confirmDelete(entry, event.currentTarget),
        });
        bar.append(entry.deleteButton);
      }
      bar.append(h("span", { class: "spacer" }), this.menu(entry));
      return bar;
    }

    voteButton(entry, value) {
      const c = entry.data;
      const count = value === 1 ? c.upvotes : c.downvotes;
      const key = value === 1 ? "vote.up" : "vote.down";
      return h(
        "button",
        {
          type: "button",
          class: `link vote ${value === 1 ? "up" : "down"}`,
          "aria-pressed": String(c.my_vote === value),
          "aria-label": this.tn(`${key}.label`, count),
          title: this.t(key),
          disabled: c.status !== "published",
          onclick: () => this.vote(entry, value),
        },
        h("span", { class: "glyph", "aria-hidden": "true", text: value === 1 ? "▲" : "▼" }),
        h("span", { class: "n", text: this.number.format(count) }),
      );
    }

    async vote(entry, value) {
      const c = entry.data;
      const next = c.my_vote === value ? 0 : value;
      try {
        const result = await this.api("POST", `/comments/${c.id}/votes`, { value: next });
        Object.assign(c, {
          upvotes: result.upvotes,
          downvotes: result.downvotes,
          score: result.score,
          my_vote: result.my_vote,
        });
        const bar = entry.card.querySelector(".actions");
        bar.querySelector(".vote.up").replaceWith(this.voteButton(entry, 1));
        bar.querySelector(".vote.down").replaceWith(this.voteButton(entry, -1));
        bar.querySelector(value === 1 ? ".vote.up" : ".vote.down").focus();
      } catch (error) {
        this.announce(error.message);
      }
    }

    // ------------------------------------------------------------ the ∨ menu
    menu(entry) {
      const id = `kz-menu-${entry.data.id}`;
      const button = h("button", {
        type: "button",
        class: "menu-button",
        "aria-haspopup": "menu",
        "aria-expanded": "false",
        "aria-controls": id,
        "aria-label": this.t("menu.button"),
        title: this.t("menu.button"),
        text: "∨",
      });
      const c = entry.data;
      const items = [
        ["report", this.t("menu.report"), () => this.openReport(entry, button)],
        ["copy", this.t("menu.copy"), () => this.copyLink(entry, button)],
        ...(c.mine ? [] : [["mute", this.t(c.muted ? "menu.unmute" : "menu.mute"), () => this.toggleMute(entry)]]),
      ].map(([action, label, run]) =>
        h("li", { role: "none" }, h("button", { type: "button", role: "menuitem", tabindex: "-1", "data-action": action, text: label, onclick: () => { this.closeMenu(false); run(); } })),
      );
      const list = h("ul", { class: "menu", role: "menu", id, "aria-label": this.t("menu.button"), hidden: true }, items);
      const wrap = h("div", { class: "menu-wrap" }, button, list);
      const menuItems = () => Array.from(list.querySelectorAll('[role="menuitem"]'));
      const focusItem = (index) => {
        const all = menuItems();
        all[(index + all.length) % all.length].focus();
      };
      button.addEventListener("click", () => {
        if (this.openMenu && this.openMenu.list === list) this.closeMenu(true);
        else this.showMenu({ wrap, button, list }, 0);
      });
      button.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && this.openMenu && this.openMenu.list === list) {
          event.preventDefault();
          this.closeMenu(true);
        } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          this.showMenu({ wrap, button, list }, event.key === "ArrowDown" ? 0 : -1);
        }
      });
      list.addEventListener("keydown", (event) => {
        const all = menuItems();
        const index = all.indexOf(this.root.activeElement);
        if (event.key === "ArrowDown") focusItem(index + 1);
        else if (event.key === "ArrowUp") focusItem(index - 1);
        else if (event.key === "Home") focusItem(0);
        else if (event.key === "End") focusItem(-1);
        else if (event.key === "Escape") this.closeMenu(true);
        else if (event.key === "Tab") {
          this.closeMenu(false);
          return;
        } else return;
        event.preventDefault();
        event.stopPropagation();
      });
      return wrap;
    }

    showMenu(menu, focusIndex) {
      this.closeMenu(false);
      this.openMenu = menu;
      menu.list.hidden = false;
      menu.button.setAttribute("aria-expanded", "true");
      const items = menu.list.querySelectorAll('[role="menuitem"]');
      items[(focusIndex + items.length) % items.length].focus();
      // Any press outside the menu closes it; composedPath sees through the shadow boundary.
      this.outside = (event) => {
        if (!event.composedPath().includes(menu.wrap)) this.closeMenu(false);
      };
      document.addEventListener("pointerdown", this.outside, true);
    }

    closeMenu(refocus) {
      const menu = this.openMenu;
      if (!menu) return;
      this.openMenu = null;
      menu.list.hidden = true;
      menu.button.setAttribute("aria-expanded", "false");
      document.removeEventListener("pointerdown", this.outside, true);
      if (refocus) menu.button.focus();
    }

    // The permalink page on the Kibitz server (/c/ID): it shows the comment on its own and
    // links back to the article with the #kibitz-comment-ID anchor that scrolls to it here.
    commentUrl(entry) {
      return `${this.config.api.replace(/\/api\/v1$/, "")}/c/${entry.data.id}`;
    }

    async copyLink(entry, button) {
      const url = this.commentUrl(entry);
      button.focus();
      try {
        await navigator.clipboard.writeText(url);
        this.announce(this.t("menu.copied"));
      } catch {
        this.announce(this.t("menu.copy.failed", { url }));
      }
    }

    // ------------------------------------------------------------ report dialog
    openReport(entry, returnFocus) {
      const dialog = this.dialog;
      const error = h("p", { class: "error", role: "alert" });
      const choices = this.radioChoices("reason", REPORT_REASONS, "report.reason");
      const note = h("textarea", { id: "kz-report-note", name: "note", maxlength: "1000", rows: "2" });
      const noteLabel = h("label", { for: "kz-report-note", text: this.t("report.note") });
      this.followTextDirection(note);
      const send = h("button", { type: "submit", class: "btn", text: this.t("report.send") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("report.cancel"), onclick: () => dialog.close() });
      const form = h(
        "form",
        { class: "dialog-body", novalidate: true },
        h("h3", { id: "kz-dialog-title", text: this.t("report.title") }),
        h("fieldset", {}, h("legend", { text: this.t("report.legend") }), choices),
        h("div", { class: "field" }, noteLabel, note),
        error,
        h("div", { class: "dialog-actions" }, cancel, send),
      );
      form.addEventListener("change", (event) => {
        // Only a new reason clears the error: clearing it when the note loses focus would move
        // the buttons under a pointer on its way to "Send report".
        if (event.target.name !== "reason") return;
        error.textContent = "";
        // An illegal-content notice (EU DSA) must say why: the note becomes required.
        const illegal = Boolean(form.querySelector('input[name="reason"][value="illegal"]:checked'));
        noteLabel.textContent = this.t(illegal ? "report.note.required" : "report.note");
        note.required = illegal;
      });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const picked = form.querySelector('input[name="reason"]:checked');
        if (!picked) {
          error.textContent = this.t("report.choose");
          form.querySelector('input[name="reason"]').focus();
          return;
        }
        if (picked.value === "illegal" && !note.value.trim()) {
          error.textContent = this.t("report.note.missing");
          note.setAttribute("aria-invalid", "true");
          note.focus();
          return;
        }
        send.disabled = true;
        error.textContent = "";
        const payload = { reason: picked.value };
        if (note.value.trim()) payload.note = note.value.trim();
        try {
          await this.api("POST", `/comments/${entry.data.id}/reports`, payload);
          this.reportResult(this.t("report.sent"), true);
        } catch (failure) {
          if (failure.status === 409) this.reportResult(this.t("report.already"), false);
          else {
            error.textContent = failure.message;
            send.disabled = false;
          }
        }
      });
      this.showDialog(form, returnFocus);
      choices[0].querySelector("input").focus();
    }

    async toggleMute(entry) {
      const muting = !entry.data.muted;
      try {
        await this.api(muting ? "POST" : "DELETE", "/readers/mute", { comment_id: entry.data.id });
      } catch (error) {
        this.announce(error.message);
        return;
      }
      // Every comment by the same reader folds too: the server says which on the next load.
      entry.data = { ...entry.data, muted: muting };
      this.drawCard(entry);
      this.announce(this.t(muting ? "menu.muted" : "menu.unmuted"));
    }

    openAppeal(entry, returnFocus) {
      const dialog = this.dialog;
      const note = h("textarea", { id: "kz-appeal-note", name: "note", maxlength: "1000", rows: "3" });
      this.followTextDirection(note);
      const error = h("p", { class: "error", role: "alert" });
      const send = h("button", { type: "submit", class: "btn", text: this.t("appeal.send") });
      const cancel = h("button", { type: "button", class: "btn secondary", text: this.t("report.cancel"), onclick: () => dialog.close() });
      const form = h(
        "form",
        { class: "dialog-body", novalidate: true },
        h("h3", { id: "kz-dialog-title", text: this.t("appeal.button") }),
        h("div", { class: "field" }, h("label", { for: "kz-appeal-note", text: this.t("appeal.note") }), note),
        error,
        h("div", { class: "dialog-actions" }, cancel, send),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        send.disabled = true;
        try {
          const payload = note.value.trim() ? { note: note.value.trim() } : {};
          const updated = await this.api("POST", `/comments/${entry.data.id}/appeal`, payload);
          entry.data = { ...entry.data, ...updated, replies: undefined };
          entry.li.className = `comment ${entry.data.status}`;
          dialog.close();
          this.drawCard(entry);
          this.announce(this.t("appeal.sent"));
        } catch (failure) {
          error.textContent = failure.message;
          send.disabled = false;
        }
      });
      this.showDialog(form, returnFocus);
      note.focus();
    }

    reportResult(message, ok) {
      const close = h("button", { type: "button", class: "btn", text: this.t("report.close"), onclick: () => this.dialog.close() });
      this.dialog.replaceChildren(
        h(
          "div",
          { class: "dialog-body" },
          h("h3", { id: "kz-dialog-title", text: this.t("report.title") }),
          h("p", { class: `result${ok ? " ok" : ""}`, role: "status", text: message }),
          h("div", { class: "dialog-actions" }, close),
        ),
      );
      close.focus();
      this.announce(message);
    }

    // ------------------------------------------------------------ reply, edit, delete
    toggleReply(entry, button) {
      if (entry.replyForm && entry.replyForm.isConnected) {
        entry.replyForm.remove();
        button.setAttribute("aria-expanded", "false");
        button.focus();
        return;
      }
      const form = this.composer({
        mode: "reply",
        entry,
        onCancel: () => {
          form.remove();
          button.setAttribute("aria-expanded", "false");
          button.focus();
        },
      });
      entry.replyForm = form;
      button.setAttribute("aria-expanded", "true");
      entry.main.append(form);
      form.querySelector("textarea").focus();
    }

    startEdit(entry) {
      const form = this.composer({
        mode: "edit",
        entry,
        onCancel: () => {
          form.replaceWith(entry.body);
          entry.card.querySelector(".actions").hidden = false;
          if (entry.editButton) entry.editButton.focus();
        },
      });
      entry.card.querySelector(".actions").hidden = true;
      entry.body.replaceWith(form);
      const textarea = form.querySelector("textarea");
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    }

    confirmDelete(entry, button) {
      const bar = button.parentElement;
      const box = h("span", { class: "confirm", role: "group" });
      const no = h("button", {
        type: "button",
        class: "btn secondary",
        text: this.t("action.delete.no"),
        onclick: () => {
          box.replaceWith(button);
          button.focus();
        },
      });
      const yes = h("button", {
        type: "button",
        class: "btn danger",
        text: this.t("action.delete.yes"),
        onclick: async () => {
          yes.disabled = true;
          try {
            const result = await this.api("DELETE", `/comments/${entry.data.id}`);
            this.removeComment(entry, result);
            this.announce(this.t("action.deleted"));
          } catch (error) {
            yes.disabled = false;
            this.announce(error.message);
          }
        },
      });
      box.append(h("span", { text: this.t("action.delete.confirm") }), yes, no);
      if (bar) button.replaceWith(box);
      no.focus();
    }

    removeComment(entry, result) {
      const wasPublished = entry.data.status === "published";
      if (wasPublished) {
        this.total = Math.max(0, this.total - 1);
        this.updateCount();
      }
      // A deleted comment with replies stays as a placeholder so the replies keep their context.
      if (entry.replies.childElementCount > 0) {
        const updated = result && (result.comment || result);
        entry.data = updated && updated.id === entry.data.id ? updated : { ...entry.data, status: "deleted", html: "", mine: false };
        entry.data.status = "deleted";
        entry.li.className = "comment deleted";
        this.drawCard(entry);
      } else {
        const next = entry.li.nextElementSibling || entry.li.previousElementSibling;
        const parentList = entry.li.parentElement;
        entry.li.remove();
        this.byId.delete(entry.data.id);
        if (parentList && parentList.classList.contains("replies")) parentList.hidden = parentList.childElementCount === 0;
        const focusTarget = next ? next.querySelector(".card") : this.countEl;
        if (focusTarget) {
          focusTarget.setAttribute("tabindex", "-1");
          focusTarget.focus({ preventScroll: true });
        }
        this.stateEl.hidden = this.byId.size > 0;
      }
    }

    // ------------------------------------------------------------ composer
    /**
     * One composer for new comments, replies and edits. The preview is built from the reader's
     * text with DOM nodes only (renderMarkdown), so what they type can never run as markup.
     */
    composer(options) {
      const { mode, entry } = options;
      const uid = `kz-${mode}-${entry ? entry.data.id : "top"}`;
      const form = h("form", { class: `composer${mode === "new" ? "" : " inline"}`, novalidate: true });
      const label =
        mode === "edit"
          ? this.t("composer.edit.label")
          : mode === "reply"
            ? this.t("composer.reply.label", { name: entry.data.author_name || this.t("comment.anonymous") })
            : this.t("composer.label");
      form.setAttribute("aria-label", label);

      const bodyError = h("p", { class: "error", id: `${uid}-body-error`, "aria-live": "polite" });
      const textarea = h("textarea", {
        id: `${uid}-body`,
        name: "body",
        rows: mode === "new" ? "4" : "3",
        placeholder: mode === "reply" ? this.t("composer.reply.placeholder") : this.t("composer.placeholder"),
        "aria-label": label,
        "aria-describedby": `${uid}-body-error ${uid}-hint`,
      });
      if (mode === "edit") textarea.value = entry.data.body ?? "";
      this.followTextDirection(textarea);
      const counter = h("span", { class: "counter", "aria-live": "polite" });
      const preview = h("div", { class: "preview", hidden: true, "aria-label": this.t("composer.preview"), role: "region" });
      const previewBody = h("div", { class: "body", dir: "auto" });
      preview.append(h("span", { class: "label", "aria-hidden": "true", text: this.t("composer.preview") }), previewBody);

      const updatePreview = () => {
        const text = textarea.value;
        preview.hidden = !text.trim();
        previewBody.replaceChildren(renderMarkdown(text));
        const left = MAX_BODY - text.length;
        counter.classList.toggle("over", left < 0);
        counter.textContent =
          left < 0 ? this.tn("composer.over", -left) : left <= 1000 ? this.tn("composer.left", left) : "";
      };
      textarea.addEventListener("input", () => {
        updatePreview();
        if (textarea.getAttribute("aria-invalid")) {
          textarea.removeAttribute("aria-invalid");
          bodyError.textContent = "";
        }
      });
      textarea.addEventListener("keydown", (event) => {
        // Ctrl/Cmd+Enter posts, as in most comment boxes.
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
        if (event.key === "Escape" && options.onCancel) options.onCancel();
      });

      const fields = { body: [textarea, bodyError] };
      form.append(textarea, bodyError, preview);

      // A signed-in reader posts under their account's name: no name or e-mail to ask for.
      if (mode !== "edit" && !this.reader) {
        const nameError = h("p", { class: "error", id: `${uid}-name-error`, "aria-live": "polite" });
        const emailError = h("p", { class: "error", id: `${uid}-email-error`, "aria-live": "polite" });
        const stored = this.readIdentity();
        const name = h("input", {
          type: "text",
          id: `${uid}-name`,
          name: "author_name",
          maxlength: String(MAX_NAME),
          autocomplete: "nickname",
          placeholder: this.t("composer.name.placeholder"),
          "aria-describedby": `${uid}-name-error`,
        });
        const email = h("input", {
          type: "email",
          id: `${uid}-email`,
          name: "author_email",
          autocomplete: "email",
          "aria-describedby": `${uid}-email-error`,
        });
        name.value = stored.name;
        email.value = stored.email;
        this.followTextDirection(name);
        fields.author_name = [name, nameError];
        fields.author_email = [email, emailError];
        form.append(
          h(
            "div",
            { class: "who" },
            h("div", { class: "field" }, h("label", { for: name.id, text: this.t("composer.name") }), name, nameError),
            h(
              "div",
              { class: "field" },
              h(
                "label",
                { for: email.id },
                this.t("composer.email"),
                " ",
                h("span", { class: "hint", text: `(${this.t("composer.email.hint")})` }),
              ),
              email,
              emailError,
            ),
          ),
        );
      }
      const formError = h("p", { class: "error", role: "alert" });
      const nudgeBox = h("div", { class: "notice", role: "alert", hidden: true });
      const submit = h("button", {
        type: "submit",
        class: "btn",
        text: mode === "edit" ? this.t("composer.save") : mode === "reply" ? this.t("composer.reply") : this.t("composer.post"),
      });
      const row = h("div", { class: "row" }, h("span", { class: "hint-line", id: `${uid}-hint`, text: this.t("composer.hint") }), h("span", { class: "spacer" }), counter);
      if (options.onCancel) {
        row.append(h("button", { type: "button", class: "btn secondary", text: this.t("composer.cancel"), onclick: options.onCancel }));
      }
      row.append(submit);
      form.append(formError, nudgeBox, row);

      const clearErrors = () => {
        formError.textContent = "";
        for (const [input, message] of Object.values(fields)) {
          input.removeAttribute("aria-invalid");
          message.textContent = "";
        }
      };
      const showError = (error) => {
        const target = error.field && fields[error.field];
        if (target) {
          target[0].setAttribute("aria-invalid", "true");
          target[1].textContent = error.message;
          target[0].focus();
        } else formError.textContent = error.message;
      };
      const send = async (confirm) => {
        clearErrors();
        nudgeBox.hidden = true;
        if (!textarea.value.trim()) {
          showError({ field: "body", message: this.t("composer.empty") });
          return;
        }
        submit.disabled = true;
        // Read-only while sending: what is typed meanwhile would be lost when the box is cleared.
        textarea.readOnly = true;
        const idle = submit.textContent;
        submit.textContent = this.t("composer.sending");
        try {
          if (mode === "edit") await this.saveEdit(entry, textarea.value, form, confirm);
          else await this.post(mode, entry, form, fields, confirm);
        } catch (error) {
          if (error.code === "nudge" || (error.data && error.data.nudge)) this.showNudge(nudgeBox, error, textarea, () => send(true));
          else showError(error);
        } finally {
          submit.disabled = false;
          textarea.readOnly = false;
          submit.textContent = idle;
        }
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        send(false);
      });
      updatePreview();
      return form;
    }

    /**
     * What a reader types takes its own direction (English in the Arabic widget and the reverse);
     * an empty field keeps the widget's, so its placeholder reads the right way.
     */
    followTextDirection(field) {
      const update = () => {
        if (field.value.trim()) field.setAttribute("dir", "auto");
        else field.removeAttribute("dir");
      };
      field.addEventListener("input", update);
      update();
    }

    /**
     * The server's nudge (422, `error.code == "nudge"`): which rules the text may break, and a copy
     * of the text with the words in question marked. Nothing was posted; "Post anyway" re-sends
     * with `confirm: true` and the comment waits for a moderator.
     */
    showNudge(box, error, textarea, confirm) {
      const nudge = (error.data && error.data.nudge) || {};
      const rules = (nudge.rules || []).filter((rule) => RULES.includes(rule));
      const spans = (nudge.spans || []).filter((span) => RULES.includes(span.rule));
      const reasons = nudge.reasons || [];
      const parts = [h("strong", { text: this.t("nudge.title") }), h("p", { class: "nudge-intro", text: this.t("nudge.intro") })];
      if (rules.length) {
        parts.push(
          h(
            "div",
            { class: "nudge-rules" },
            h("span", { text: this.t("nudge.rules") }),
            h(
              "ul",
              {},
              rules.map((rule) =>
                h(
                  "li",
                  { "data-rule": rule, title: reasons.filter((r) => r.startsWith(rule)).join("\n") || null },
                  h("strong", { text: this.t(`report.reason.${rule}`) }),
                  h("span", { text: ` — ${this.t(`report.reason.${rule}.hint`)}` }),
                ),
              ),
            ),
          ),
        );
      }
      if (spans.length) {
        // Offsets count code points in the body as the server stored it (trimmed, \n endings).
        const stored = textarea.value.replace(/\r\n?/g, "\n").trim();
        parts.push(h("p", { class: "nudge-marked", text: this.t("nudge.marked") }), this.markSpans(stored, spans));
      }
      box.replaceChildren(
        ...parts,
        h(
          "div",
          { class: "row nudge-actions" },
          h("button", { type: "button", class: "btn secondary", text: this.t("nudge.edit"), onclick: () => { box.hidden = true; textarea.focus(); } }),
          h("button", { type: "button", class: "btn", text: this.t("nudge.confirm"), onclick: confirm }),
        ),
      );
      box.hidden = false;
    }

    markSpans(text, spans) {
      const chars = Array.from(text);
      const clamp = (n) => Math.max(0, Math.min(chars.length, n));
      const cuts = new Set([0, chars.length]);
      for (const span of spans) {
        cuts.add(clamp(span.start));
        cuts.add(clamp(span.end));
      }
      const points = [...cuts].sort((a, b) => a - b);
      const copy = h("div", { class: "nudge-text", dir: "auto" });
      for (let i = 0; i + 1 < points.length; i += 1) {
        const [start, end] = [points[i], points[i + 1]];
        const piece = chars.slice(start, end).join("");
        const rules = [...new Set(spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.rule))];
        if (!rules.length) copy.append(piece);
        else {
          const labels = rules.map((rule) => this.t(`report.reason.${rule}`)).join(", ");
          copy.append(h("mark", { "data-rules": rules.join(" "), title: labels, "aria-label": `${piece} (${labels})` }, piece));
        }
      }
      return copy;
    }

    readIdentity() {
      try {
        return {
          name: localStorage.getItem("kibitz:name") || "",
          email: localStorage.getItem("kibitz:email") || "",
        };
      } catch {
        return { name: "", email: "" };
      }
    }

    rememberIdentity(name, email) {
      try {
        localStorage.setItem("kibitz:name", name);
        localStorage.setItem("kibitz:email", email);
      } catch {
        // Storage may be disabled (private mode, sandboxed iframes); remembering is a nicety.
      }
    }

    async post(mode, entry, form, fields, confirm) {
      const name = fields.author_name ? fields.author_name[0].value.trim() : "";
      const email = fields.author_email ? fields.author_email[0].value.trim() : "";
      const payload = {
        site: this.config.site,
        thread: this.config.thread,
        body: fields.body[0].value,
      };
      // Within the API's limits (schemas.py): a long page title must not block the comment.
      if (this.config.title) payload.thread_title = this.config.title.slice(0, 300);
      if (this.config.url && this.config.url.length <= 2000) payload.thread_url = this.config.url;
      if (mode === "reply") payload.parent_id = entry.data.id;
      if (name) payload.author_name = name;
      if (email) payload.author_email = email;
      if (confirm) payload.confirm = true;
      const created = await this.api("POST", "/comments", payload);
      if (fields.author_name) this.rememberIdentity(name, email);
      const comment = created.comment;
      const el = this.renderComment({ ...comment, replies: comment.replies || [] });
      if (mode === "reply") {
        entry.replies.append(el);
        entry.replies.hidden = false;
        form.remove();
        const replyButton = entry.card.querySelector('.actions [aria-expanded="true"]');
        if (replyButton) replyButton.setAttribute("aria-expanded", "false");
      } else {
        if (this.sort === "newest") this.list.prepend(el);
        else this.list.append(el);
        const textarea = fields.body[0];
        textarea.value = "";
        textarea.dispatchEvent(new Event("input"));
      }
      if (comment.status === "published") {
        this.total += 1;
        this.updateCount();
      }
      this.stateEl.hidden = true;
      const message =
        comment.status === "pending"
          ? this.t("composer.posted.pending")
          : comment.status === "rejected"
            ? this.t("composer.posted.rejected")
            : this.t("composer.posted");
      this.announce(message);
      const card = this.byId.get(comment.id).card;
      card.scrollIntoView({ block: "nearest" });
      card.classList.add("highlight");
      setTimeout(() => card.classList.remove("highlight"), 2000);
    }

    async saveEdit(entry, body, form, confirm) {
      const payload = confirm ? { body, confirm: true } : { body };
      const result = await this.api("PATCH", `/comments/${entry.data.id}`, payload);
      const updated = (result && (result.comment || result)) || {};
      entry.data = { ...entry.data, ...updated, replies: undefined };
      entry.li.className = `comment ${entry.data.status}`;
      form.remove();
      this.drawCard(entry);
      if (entry.editButton) entry.editButton.focus();
      this.announce(this.t("composer.saved"));
    }
  }

  // ---------------------------------------------------------------- bootstrapping
  if (!customElements.get("kibitz-thread")) {
    customElements.define("kibitz-thread", class KibitzThread extends HTMLElement {});
  }

  function configFrom(script) {
    const src = new URL(script.src, location.href);
    // The script is served from the Kibitz server itself: its URL says where the API is,
    // whether it sits at /embed.js or /static/embed.js, under a path prefix or not.
    const prefix = src.pathname.replace(/\/(static\/)?embed\.js$/, "");
    const data = script.dataset;
    const pageLang = (document.documentElement.lang || "").toLowerCase().split("-")[0];
    return {
      api: `${src.origin}${prefix}/api/v1`,
      site: data.site || "",
      thread: data.thread || location.pathname,
      lang: (data.lang || pageLang || "en").toLowerCase().split("-")[0],
      theme: data.theme || "",
      title: data.title || document.title,
      url: data.url || location.href.split("#")[0],
      sso: data.sso || "",
    };
  }

  function hostFor(script) {
    const target = script.dataset.target && document.querySelector(script.dataset.target);
    const existing = target || document.querySelector("kibitz-thread:not([data-kibitz-mounted])") || document.getElementById("kibitz");
    if (existing && !existing.hasAttribute("data-kibitz-mounted")) return existing;
    const el = document.createElement("kibitz-thread");
    script.after(el);
    return el;
  }

  function start(script) {
    if (script.hasAttribute("data-kibitz-mounted")) return;
    script.setAttribute("data-kibitz-mounted", "");
    const host = hostFor(script);
    host.setAttribute("data-kibitz-mounted", "");
    const config = configFrom(script);
    if (config.theme) host.setAttribute("data-theme", config.theme);
    const widget = new Widget(host, config);
    WIDGETS.push(widget);
    widget.initAccount().finally(() => widget.mount());
  }

  // The news site's page signs its reader in: window.Kibitz.sso(token) after its own login.
  const WIDGETS = [];
  window.Kibitz = Object.assign(window.Kibitz || {}, {
    sso: (token) => Promise.all(WIDGETS.map((widget) => widget.signInSso(String(token)))),
  });

  function boot() {
    // document.currentScript is null for module scripts and in some loaders; fall back to every
    // Kibitz script tag on the page that has not mounted yet.
    const scripts = document.currentScript
      ? [document.currentScript]
      : Array.from(document.querySelectorAll('script[src*="embed.js"][data-site]'));
    for (const script of scripts) {
      // Wait for the parser so a <kibitz-thread> or #kibitz placed after the tag can be found.
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", () => start(script), { once: true });
      } else start(script);
    }
  }

  boot();
})();
