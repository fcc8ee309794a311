// Russian. Texts to counselors and staff are transliterated (GSM-7, as Russian speakers commonly text) so an
// offer fits one 160-character segment; texts to requesters and every email are in Cyrillic.
import type { MessageKey } from './en';
import type { Labels, Template } from './types';

export const messages: Record<MessageKey, Template> = {
  'offer.sms': {
    body: '{urgent}Zapros: {topic}, {language}. Otvet A{code} - prinyat, D{code} - otkazatsya.{link}',
  },
  'offer.email': {
    subject: '{urgent}Новый запрос на поддержку: {lockTopic}',
    body:
      'Человек просит о поддержке.\n\nТема: {topic}\nЯзык: {language}\n{lived}\n' +
      'Откройте запрос и примите его здесь (получает тот, кто примет первым):\n{url}\n{smsLine}',
  },
  'won.sms': { body: 'Podtverzhdeno: zapros vash. Kontakty: {url} Pozhaluista, v techenie dnya.' },
  'won.email': {
    subject: 'Запрос ваш',
    body: 'Спасибо, что взяли этот запрос.\n\nКонтакты — по этой ссылке:\n{url}\n\nПожалуйста, свяжитесь в течение дня.\n',
  },
  'assigned.sms': {
    body: 'Koordinator naznachil vam zapros ({topic}, {language}). Kontakty ili otkaz: {url}',
  },
  'assigned.email': {
    subject: 'Координатор назначил вам запрос',
    body:
      'Координатор назначил вам запрос: {topic}, {language}.\n\n' +
      'Контакты — по этой ссылке; если вы не можете его взять, скажите там, и он вернётся в рассылку:\n{url}\n',
  },
  'covered.sms': { body: 'Spasibo: zapros uzhe vzyal drugoi konsultant. Nichego delat ne nuzhno.' },
  'covered.email': {
    subject: 'Запрос взят: спасибо',
    body: 'Запрос, который вам предлагали, взял другой консультант. Ничего делать не нужно. Спасибо.\n',
  },
  'withdrawn.sms': { body: 'Zapros, kotoryi vam predlagali, otozvan. Nichego delat ne nuzhno. Spasibo.' },
  'withdrawn.email': {
    subject: 'Запрос отозван',
    body: 'Запрос, который вам предлагали, отозван. Ничего делать не нужно. Спасибо.\n',
  },
  'requester.accepted.sms': {
    body: 'Консультант принял ваш запрос и скоро свяжется с вами ({by}). В опасности сейчас? Звоните в экстренную службу.',
  },
  'requester.accepted.email': {
    subject: 'Консультант принял ваш запрос',
    body:
      'Обученный консультант принял ваш запрос и скоро свяжется с вами ({by}).\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'requester.unmatched.sms': {
    body: 'Нам жаль: ни один консультант не смог вовремя взять ваш запрос. {alternatives}',
  },
  'requester.unmatched.email': {
    subject: 'Мы не нашли консультанта вовремя',
    body:
      'Нам жаль: ни один консультант не смог вовремя взять ваш запрос.\n\n{alternatives}\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'requester.nobody-can-take.sms': {
    body: 'Нам жаль: никто в нашей команде не может взять ваш запрос. Команда знает об этом, запрос остаётся открытым; если кто-то его возьмёт, мы сообщим. Где ещё помогут: {alternatives}',
  },
  'requester.nobody-can-take.email': {
    subject: 'Никто в нашей команде не может взять ваш запрос',
    body:
      'Нам жаль: никто в нашей команде не может взять ваш запрос (например, никто не говорит на вашем языке ' +
      'или не работает с этой темой), поэтому мы сообщаем об этом сразу, а не заставляем вас ждать.\n\n' +
      'Наши координаторы знают об этом. Ваш запрос остаётся открытым: если они всё же найдут консультанта, мы ' +
      'сразу сообщим; если нет, мы напишем ещё раз, когда запрос закроется.\n\n' +
      'Где ещё могут помочь:\n{alternatives}\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'requester.cancelled.sms': { body: 'Ваш запрос на поддержку закрыт командой.' },
  'requester.cancelled.email': {
    subject: 'Ваш запрос закрыт',
    body: 'Ваш запрос на поддержку закрыт командой.\n',
  },
  'alert.sms': { body: '{urgent}Trevoga: {reason}. Zapros: {topic}, {language}. {url}{ackHint}' },
  'alert.email': {
    subject: '{urgent}Тревога рассылки: {reason}',
    body: 'Тревога рассылки: {reason}.\n\nЗапрос: {topic}, {language}.\n\nОткройте его, чтобы назначить, расширить или продлить:\n{url}\n',
  },
  'morning.sms': { body: 'Dobroe utro. Trevog, zhdavshikh konca vashikh tikhikh chasov: {count}. {url}' },
  'morning.email': {
    subject: 'Тревоги за ваши тихие часы: {count}',
    body: 'Доброе утро. Эти тревоги ждали конца ваших тихих часов:\n\n{list}\nДоска: {url}\n',
  },
  'oncall.reminder.sms': { body: 'Napominanie: vy dezhurnyi s {startsAt} do {endsAt}. Spasibo.' },
  'oncall.reminder.email': {
    subject: 'Вы дежурите с {startsAt}',
    body: 'Напоминание: вы дежурный с {startsAt} до {endsAt}.\n\nВаши дежурства: {url}\n',
  },
  'rota.swap-taken.sms': {
    body: 'Obmen dezhurstvom: {taker} vzyal(a) dezhurstvo {giver} s {startsAt} do {endsAt}. {url}',
  },
  'rota.swap-taken.email': {
    subject: 'Обмен дежурством: {taker} взял(а) дежурство {giver}',
    body:
      '{taker} взял(а) дежурство, которое предложил(а) {giver}, с {startsAt} до {endsAt}.\n\n' +
      'График обновлён: тревоги и напоминание о смене на это дежурство идут {taker}.\n\nОбмен дежурствами: {url}\n',
  },
  'reply.won': { body: 'Zapros vash. My prishlem kontakty.' },
  'reply.acknowledged': { body: 'Prinyato, spasibo. Trevoga ne povtoritsya.' },
  'reply.taken': { body: 'Etot zapros uzhe vzyali, spasibo.' },
  'reply.expired': { body: 'Etot zapros bolshe ne otkryt. Spasibo.' },
  'reply.declined': { body: 'Otkaz prinyat. Spasibo.' },
  'reply.choose': { body: 'U vas neskolko otkrytyh zaprosov: {codes}. Otvette A i nomer, naprimer A{first}.' },
  'reply.no-offers': { body: 'U vas seichas net otkrytyh zaprosov. Spasibo.' },
  'reply.pending': { body: 'Prinyato. Skoro podtverdim.' },
  'reply.help': {
    body: 'Otvette A i nomer, chtoby prinyat (naprimer A12), D i nomer, chtoby otkazatsya. STOP - pauza.',
  },
  'reply.stopped': { body: 'Bolshe soobshchenii ne budet. Otvette START, chtoby vozobnovit.' },
  'reply.started': { body: 'Soobshcheniya vozobnovleny. Otvette HELP dlya pomoshchi.' },

  'proposal.sms': { body: 'Ваш консультант предложил время для разговора. Выберите здесь: {url}' },
  'proposal.email': {
    subject: 'Время для разговора с консультантом',
    body:
      'Ваш консультант предложил время для разговора:\n\n{slots}\n\n' +
      'Выберите удобное здесь (или попросите другое время):\n{url}\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'confirmed.sms': { body: 'Встреча подтверждена: {slot}. Подробности и файл календаря: {url}' },
  'confirmed.email': {
    subject: 'Ваша встреча подтверждена',
    body: 'Ваша встреча подтверждена: {slot}.\n\nФайл календаря приложен. Изменить время:\n{url}\n',
  },
  'session.confirmed.sms': { body: 'Vstrecha podtverzhdena: {slot}. {url}' },
  'session.confirmed.email': {
    subject: 'Встреча подтверждена',
    body: 'Обратившийся подтвердил встречу: {slot}.\n\nФайл календаря приложен. Страница встречи:\n{url}\n',
  },
  'reschedule.counselor.sms': { body: 'Obrativshiisya prosit drugoe vremya. Predlozhite novoe: {url}' },
  'reschedule.counselor.email': {
    subject: 'Предложите новое время',
    body: 'Обратившийся просит другое время. Предложите новое здесь:\n{url}\n',
  },
  'reschedule.requester.sms': { body: 'Ваш консультант скоро предложит новое время. Ваша страница: {url}' },
  'reschedule.requester.email': {
    subject: 'Скоро будет новое время',
    body: 'Ваш консультант скоро предложит новое время. Ваша страница:\n{url}\n',
  },
  'handed-back.sms': {
    body: 'Ваш консультант больше не может встретиться {slot}. Это время отменено; мы ищем вам другого консультанта и свяжемся с вами.',
  },
  'handed-back.email': {
    subject: 'Время вашей встречи отменено',
    body:
      'Ваш консультант больше не может встретиться {slot}, поэтому это время отменено (приложенный файл календаря удалит его из календаря).\n\n' +
      'Мы уже ищем вам другого консультанта и скоро свяжемся с вами.\n',
  },
  'reminder.sms': { body: 'Напоминание: встреча {slot}. {url}' },
  'reminder.email': {
    subject: 'Напоминание о встрече',
    body: 'Напоминаем о вашей встрече: {slot}.\n\n{url}\n',
  },
  'outcome.sms': { body: 'Kak proshla vstrecha? Zapishite itog: {url}' },
  'outcome.email': {
    subject: 'Как прошла встреча?',
    body: 'Запишите итог вашей встречи (минута на телефоне):\n{url}\n',
  },
  'outcome.nudge.sms': { body: 'Napominanie: kak proshla vstrecha? Zapishite itog: {url}' },
  'outcome.nudge.email': {
    subject: 'Напоминание: запишите итог встречи',
    body: 'Запишите итог вашей встречи (минута на телефоне):\n{url}\n',
  },
  'out-of-scope.sms': {
    body: 'Ваш консультант считает, что вам нужна помощь больше, чем может дать равная поддержка. {alternatives}',
  },
  'out-of-scope.email': {
    subject: 'О вашем запросе на поддержку',
    body:
      'Ваш консультант считает, что вам нужна помощь больше, чем может дать равная поддержка.\n\n{alternatives}\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'debrief.sms': {
    body: 'Nuzhen razbor seichas: {name} ({phone}), tyazhelaya vstrecha ({category}). Pozvonite. {url}',
  },
  'debrief.email': {
    subject: 'Нужен разбор сейчас: {name}',
    body:
      '{name}: тяжёлая встреча ({category}), нужен разбор сейчас.\n\nПозвоните: {phone}\nEmail: {email}\n\n' +
      'Новые запросы этому консультанту приостановлены, пока разбор не отмечен:\n{url}\n',
  },

  // Supervision check-ins (care for the carers).
  'supervision.due.sms': { body: 'Pora provesti supervizornuyu vstrechu s {name}. {url}' },
  'supervision.due.email': {
    subject: 'Пора супервизии: {name}',
    body: 'Пора провести супервизорную встречу с {name} (срок {due}).\n\nОтметьте её после разговора:\n{url}\n',
  },
  'supervision.asked.sms': { body: '{name} prosit o supervizornoi vstreche. {url}' },
  'supervision.asked.email': {
    subject: '{name} просит о супервизии',
    body: '{name} просит вас о супервизорной встрече.\n\nОтметьте её после разговора:\n{url}\n',
  },
  'supervision.cool-down.sms': {
    body: 'U {name} bylo neskolko tyazhelykh vstrech. Pozhaluista, pogovorite s nimi. {url}',
  },
  'supervision.cool-down.email': {
    subject: 'Пожалуйста, поговорите с {name}',
    body:
      'У {name} было несколько тяжёлых встреч подряд, поэтому часть запросов им пока не предлагается.\n\n' +
      'Пожалуйста, поговорите с ними и отметьте встречу:\n{url}\n',
  },
  'supervision.overdue.sms': { body: 'Supervizornaya vstrecha s {name} prosrochena (srok {due}). {url}' },
  'supervision.overdue.email': {
    subject: 'Супервизия просрочена: {name}',
    body: 'Супервизорная встреча с {name} должна была пройти {due} и ещё не отмечена.\n\n{url}\n',
  },
  'first-contact.reminder.sms': {
    body: 'Vy svyazalis s obrativshimsya, kotorogo vzyali? Podtverdite: {url}{codeLine}',
  },
  'first-contact.reminder.email': {
    subject: 'Вы связались с обратившимся?',
    body:
      'Вы взяли запрос, а мы ещё не знаем, связались ли вы с обратившимся.\n\n' +
      'Когда первый контакт состоится, подтвердите его одним нажатием на странице встречи:\n{url}\n\n' +
      'Если вы всё же не можете взять запрос, там же можно его вернуть.\n',
  },
  'requester.contact-check.sms': {
    body: 'Консультант уже связался с вами? Да: {yes} Нет: {no}',
  },
  'requester.contact-check.email': {
    subject: 'Консультант связался с вами?',
    body:
      'Консультант принял ваш запрос. Кто-нибудь уже связался с вами?\n\n' +
      'Да: {yes}\nНет: {no}\n\nЕсли нет, команда позаботится, чтобы с вами связались.\n\n' +
      'Если вы в опасности прямо сейчас, позвоните в местную экстренную службу.\n',
  },
  'released.sms': {
    body: 'Koordinator peredal vzyatyi vami zapros ({topic}, {language}) drugomu konsultantu. Nichego delat ne nuzhno.',
  },
  'released.email': {
    subject: 'Запрос передан другому консультанту',
    body:
      'Координатор вернул взятый вами запрос ({topic}, {language}) в подбор, чтобы с обратившимся связался ' +
      'другой консультант. От вас ничего не нужно. Спасибо.\n',
  },
  'reply.contacted': { body: 'Spasibo: pervyi kontakt otmechen.' },
  'reply.contact-unknown': {
    body: 'Net vashego zaprosa s etim nomerom, zhdushchego pervogo kontakta. Otvette C i nomer iz napominaniya, naprimer C12.',
  },

  'message.notice.sms': { body: 'U vas novoe soobshchenie v Peer Dispatch: {url}' },
  'message.notice.email': {
    subject: 'У вас новое сообщение',
    body: 'У вас новое личное сообщение в Peer Dispatch. Войдите, чтобы прочитать:\n{url}\n',
  },
  'team-channel.notice.sms': { body: 'Novoe v kanale komandy v Peer Dispatch: {url}' },
  'team-channel.notice.email': {
    subject: 'Новое в канале команды',
    body: 'В канале вашей команды в Peer Dispatch есть новое. Войдите, чтобы прочитать:\n{url}\n',
  },
  'invite.email': {
    subject: 'Приглашение в {team}',
    body:
      'Здравствуйте, {name}!\n\n{team} приглашает вас в команду консультантов.\n' +
      'Откройте ссылку, чтобы задать пароль и заполнить профиль:\n\n{url}\n\n' +
      'Ссылка работает один раз и действует до {expires}. Если вы не ждали письма, просто не отвечайте.',
  },
  'phone-code.sms': { body: 'Peer Dispatch: vash kod {code}. Deistvuet {minutes} minut.' },
  'pool-health.email': {
    subject: 'Состояние команды {day}: отмечено {flagged}',
    body:
      'Состояние команды {team} на {day}.\n\n' +
      'Активность: {active} из {total} консультантов провели встречу за последние 30 дней.\n' +
      'Распределение встреч (Джини, 0 = ровно): {evenness} на {sessions} встреч.\n\n' +
      'Отмечено консультантов: {flagged}\n{flaggedList}\n\n{forecast}\n\nКоманда: {url}',
  },
  'password-reset.email': {
    subject: 'Новый пароль',
    body:
      'Кто-то (надеемся, вы) попросил задать новый пароль для вашей учётной записи Peer Dispatch.\n\n' +
      'Откройте ссылку в течение часа, чтобы выбрать его: {url}\n\n' +
      'Если это были не вы, не обращайте внимания на письмо: пароль останется прежним.',
  },
  'sign-in-failures.email': {
    subject: 'Неудачные попытки входа в вашу учётную запись Peer Dispatch',
    body:
      'Сегодня в вашу учётную запись пытались войти с неверным паролем {failures} или более раз.\n\n' +
      'Если это были вы, ничего делать не нужно. Учётная запись не заблокирована: вы можете войти как обычно, а ' +
      'браузер, из которого вы уже входили, не замедляется.\n\n' +
      'Если это были не вы, возможно, кто-то подбирает пароль: убедитесь, что он длинный и больше нигде не ' +
      'используется (сменить его можно после входа: Sign out > Change your password).',
  },
};

export const labels: Labels = {
  topics: {
    grief: 'Горе и утрата',
    'suicide-safety': 'Суицид и план безопасности',
    trauma: 'Травма',
    addiction: 'Зависимость',
    general: 'Общая поддержка',
  },
  smsTopics: {
    grief: 'gore',
    'suicide-safety': 'suicid/bezopasnost',
    trauma: 'travma',
    addiction: 'zavisimost',
    general: 'obshchaya podderzhka',
  },
  discreetTopic: 'podderzhka',
  smsLanguages: {
    en: 'angliiskii',
    ru: 'russkii',
    et: 'estonskii',
    uk: 'ukrainskii',
    es: 'ispanskii',
    de: 'nemetskii',
  },
  languages: {
    en: 'английский',
    ru: 'русский',
    et: 'эстонский',
    uk: 'украинский',
    es: 'испанский',
    de: 'немецкий',
  },
  urgentSms: 'SROCHNO ',
  urgentEmail: 'СРОЧНО: ',
  hardCategories: {
    'suicide-ideation': 'aktivnye suicidalnye mysli',
    safeguarding: 'ugroza bezopasnosti',
    'abuse-disclosure': 'soobshchenie o nasilii',
    'other-distress': 'drugoi distress',
  },
  discreetHardCategory: 'sm. zadachu',
  alertReasons: {
    'no-match': 'net podhodyashchego konsultanta',
    widened: 'podbor prishlos rasshirit',
    'no-accept': 'nikto eshche ne prinyal',
    'assignment-refused': 'naznachennyi konsultant ne mozhet vzyat',
    urgent: 'chelovek mozhet byt v opasnosti seichas',
    'urgent-unacknowledged': 'dezhurnyi ne podtverdil srochnuyu trevogu',
    'counselor-escalation': 'konsultant schitaet, chto nuzhna bolshaya pomoshch',
    'handed-back': 'konsultant vernul zapros',
    unconfirmed: 'vremya vstrechi eshche ne podtverzhdeno',
    'missing-outcome': 'konsultant ne zapisal itog vstrechi',
    'debrief-overdue': 'razbor posle tyazheloi vstrechi prosrochen',
    'out-of-scope': 'konsultant otmetil zapros kak vne ramok podderzhki',
    'requester-not-contacted': 'obrativshiisya govorit, chto s nim nikto ne svyazalsya',
    'first-contact-missing': 'prinyavshii konsultant ne podtverdil pervyi kontakt',
  },
  alertAckHint: ' Otvette OK dlya podtverzhdeniya.',
  contactCodeLine: ' Ili otvette C{code}.',
  livedLine: 'Жизненный опыт: {list}\n',
  smsReplyLine: '\nИли ответьте A{code} на наше SMS.',
  byPhone: 'по телефону',
  byEmail: 'по email',
  byEither: 'по телефону или email',
  contactPhone: 'telefon {phone}',
  contactEmail: 'email {email}',
  icsSummary: 'Встреча с консультантом',
  icsDescription: 'Страница встречи: {url}',
  dateLocale: 'ru-RU',
  nobodyFlagged: 'Сегодня никто не отмечен.',
  healthFlags: {
    'gone-quiet': 'пропал(а): ни одного принятого запроса за {days} дн.',
    'gone-quiet-since-joining': 'пропал(а): ни одного принятого запроса с момента прихода, {days} дн. назад',
    'fewer-than-usual': 'меньше сессий, чем обычно: {lastWeek} за последние 7 дней, обычно {usual} в неделю',
    'overcommitting-capacity': 'перегрузка: {thisWeek} сессий на этой неделе при норме {capacity}',
    'overcommitting-usual': 'перегрузка: {lastWeek} сессий за последние 7 дней, больше чем вдвое выше обычных {usual}',
    'no-responses': 'нет ответа на последние {offers} предложений',
    'slow-responses': 'медленно отвечает на предложения: {minutes} мин по медиане',
    'hard-load': 'тяжёлые сессии: {total} за {days} дней ({breakdown})',
    'cooling-down': 'пауза до {until}: без предложений на темы: {topics}',
    'certification-expired': 'сертификат истёк: {name} ({day})',
    'certification-expiring': 'сертификат скоро истекает: {name}, {day}',
    'no-verified-phone': 'недоступен(на) по SMS: нет подтверждённого телефона',
    'sms-stopped': 'недоступен(на) по SMS: отправил(а) STOP',
    'email-bouncing': 'email не доходит: последние письма не доставлены',
    'no-channel': 'недоступен(на): ни один канал не работает',
  },
  hardLoadCounts: {
    'suicide-ideation': 'суицидальные мысли: {n}',
    safeguarding: 'угроза безопасности: {n}',
    'abuse-disclosure': 'сообщение о насилии: {n}',
    'other-distress': 'другой дистресс: {n}',
  },
  gapLine: '- {combination}: с {day}, всего {lowest}. {closers}',
  gapNobodyFits: 'в пуле никто не подходит',
  gapLived: 'жизненный опыт: {tag}',
  gapClosers: {
    training: '{name}: чтобы начать работу, нужно {steps}',
    'certification-expired': 'продлить сертификат «{certification}» ({name}; истёк {day})',
    'certification-last-day': 'продлить сертификат «{certification}» ({name}; последний действующий день {day})',
    away: '{name} вернётся {day}',
    paused: '{name} на паузе ({pausedFor}), пока паузу не снимут',
    'gone-quiet': '{name} давно не откликается: стоит спросить, как дела',
    'capacity-none': '{name} не берёт сессии (лимит 0 в неделю)',
    'capacity-full': '{name}: лимит исчерпан ({used}/{capacity}) до {day}',
  },
  closerSteps: {
    qualification: 'внести формальную квалификацию',
    programme: 'пройти обучение по программе',
    supervisedOne: 'провести ещё одну сессию под супервизией',
    supervisedMany: 'провести ещё сессий под супервизией: {n}',
    and: ' и ',
  },
  forecastOpening: 'Пробелы в покрытии в ближайшие 14 дней ({url}):',
  forecastNoGap: 'В ближайшие 14 дней пробелов в покрытии не ожидается.',
  reachOutLink: 'написать: {url}',
  reachedOut: '{name} написал(а) {day}',
  reachOutOpenings: {
    'gone-quiet':
      'Привет, {name}! Давно ничего о тебе не слышно, и я хотел(а) узнать, как ты. ' +
      'Брать запросы совсем не обязательно, мне просто важно, как у тебя дела.',
    'fewer-than-usual':
      'Привет, {name}! Вижу, что встреч в последнее время стало меньше, и это совершенно нормально. ' +
      'Хотел(а) спросить, как ты, и не нужно ли что-то, чтобы стало легче.',
    overcommitting:
      'Привет, {name}! Спасибо за всё, что ты взял(а) на себя в последнее время. Встреч было много, и я хотел(а) ' +
      'узнать, как ты. Взять неделю полегче — это нормально; давай поговорим?',
    'no-responses':
      'Привет, {name}! Последние несколько запросов остались без ответа, и я хотел(а) убедиться, что всё в порядке: ' +
      'с тобой и с тем, доходят ли сообщения. Как ты?',
    'slow-responses':
      'Привет, {name}! Просто хотел(а) узнать: удобно ли приходят сообщения о запросах? Если лучше другой канал ' +
      'или тихие часы, это можно изменить. Как ты?',
    'certification-expiring':
      'Привет, {name}! Дружеское напоминание: одну из твоих сертификаций пора продлить. Могу ли я чем-то помочь? ' +
      'И как у тебя дела?',
    default:
      'Привет, {name}! Похоже, наши сообщения сейчас до тебя не доходят. Проверь, пожалуйста, свои контакты, ' +
      'когда будет минутка. И как у тебя дела?',
  },
};
