// English and Turkish (the procedure's own documentation is Turkish). The language comes from
// the browser's preferences (Accept-Language) unless the agent picked one; dates and money are
// formatted by Intl for that locale. `tr` must have every key of `en` (the type says so).

const en = {
  appName: "seatshift",
  language: "Language",
  signIn: "Sign in",
  signInTitle: "Sign in to seatshift",
  email: "Email",
  password: "Password",
  signOut: "Sign out",
  signedInAs: "Signed in as {email} ({role})",
  badSignIn: "Unknown email or wrong password.",
  navCustomers: "Customers",
  navMigrations: "Migrations",
  navAudit: "Audit log",
  mainNav: "Main",
  loading: "Loading…",
  error: "Error: {message}",
  search: "Search by company name",
  searchButton: "Search",
  company: "Company",
  domain: "Domain",
  segment: "Segment",
  country: "Country",
  nextPage: "Next page",
  pageNumber: "Page {n}",
  rowsRange: "{first}–{last} of {total}",
  previousPage: "Previous page",
  firstPage: "First page",
  totalCount: "{n} in total",
  customersTitle: "Customers",
  seatsPerSku: "Seats per SKU",
  sku: "SKU",
  active: "Active",
  consumed: "Consumed",
  available: "Available",
  subscriptions: "Subscriptions",
  offer: "Offer",
  friendlyName: "Friendly name",
  quantity: "Quantity",
  status: "Status",
  autoRenew: "Auto-renew",
  endDate: "End date",
  details: "Details",
  yes: "Yes",
  no: "No",
  addSubscription: "Add subscription",
  usersAndLicenses: "Users and licenses",
  user: "User",
  licenses: "Licenses",
  selectUser: "Select {name}",
  selectAllUsers: "Select all users",
  manageLicenses: "Manage licenses",
  manageLicensesFor: "Manage licenses for {n} users",
  noneSelected: "Select at least one user.",
  pickPlan: "Pick a plan",
  pickPlanHint: "End-of-sale SKUs are not offered; replacements are marked.",
  suggestedReplacement: "Replacement for {sku}",
  notSold: "{sku} is no longer sold (end of sale {date}). Replacements: {list}",
  pricePerMonth: "{price} per license per month",
  noPrice: "no price in {currency}",
  licenseCount: "Number of licenses",
  submitOrder: "Buy",
  orderDone: "Subscription purchased",
    backToCustomer: "Back to the customer",
  clearLicense: "Clear the license of {sku}",
  assignPlan: "New plan to assign",
  noAssign: "Assign nothing",
  servicePlans: "Service plans of {sku}",
  servicePlan: "Include {plan}",
  includeUser: "Change licenses of {name}",
  submitLicenses: "Apply license changes",
  licensesDone: "New license assignments",
  assigned: "Assigned",
  removed: "Removed",
  warnings: "Warnings",
  subscriptionTitle: "Subscription {name}",
  suspend: "Suspend",
  suspendAnyway: "Suspend anyway",
  reactivate: "Reactivate",
  stillAssigned: "{count} users still hold licenses of this subscription: {users}. Suspending leaves them without the service once no other subscription carries their seats.",
  deprovisionOn: "Suspended on {suspended}; deprovisioned automatically on {date}.",
  save: "Save",
  saved: "Saved.",
  term: "Term",
  billing: "Billing cycle",
  startDate: "Start date",
  expiringTitle: "Subscriptions at risk (auto-renew off)",
  within: "Ending within (days)",
  show: "Show",
  chartTitle: "Subscriptions and users at risk per week",
  week: "Week of",
  subscriptionsAtRisk: "Subscriptions",
  usersAtRisk: "Users",
  downloadCsv: "Download CSV",
  daysLeft: "Days left",
  replacements: "Replacements",
  serviceLoss: "Service-loss forecast",
  serviceLossBy: "Service plans users lose by {date} if nothing is done",
  plan: "Service plan",
  users: "Users",
  firstLoss: "First loss",
  migrationsTitle: "Migrations",
  newMigration: "New migration",
  created: "Created",
  source: "Source SKU",
  target: "Target",
  progress: "Progress",
  open: "Open",
  wizardTitle: "Migration wizard",
  stepSource: "1. Source SKU",
  stepCustomers: "2. Customers",
  stepTargets: "3. Targets",
  stepPreview: "4. Dry-run preview",
  allCustomers: "Every customer holding it",
  pickCustomers: "Only the customers I pick",
  selectCustomer: "Migrate {name}",
  recommended: "Recommended per customer",
  seatPolicy: "Seats to buy",
  seatsAssigned: "As many as are assigned",
  seatsSource: "The source subscription's quantity",
  next: "Next",
  back: "Back",
  preview: "Preview (dry run)",
  reason: "Why",
  seats: "Seats",
  usersToMove: "Users to move",
  costBefore: "Monthly cost before",
  costAfter: "Monthly cost after",
  priceAfter: "Customer pays monthly after",
  marginAfter: "Our monthly margin after",
  currencyTotals: "{currency}: our cost {costBefore} → {costAfter} a month; the customers pay {priceAfter}, our margin {margin} ({n} customers)",
  totals: "Totals",
  start: "Start migration",
  migrationTitle: "Migration {id}",
  pause: "Pause",
  resume: "Resume",
  rollback: "Roll back",
  customersDone: "{done} of {total} customers, {users} users moved",
  perCustomer: "Per customer",
  step: "Step",
  errors: "Errors",
  auditTitle: "Audit log",
  customerId: "Customer id",
  resourceId: "Resource id",
  from: "From",
  to: "To",
  filter: "Filter",
  time: "Time",
  agent: "Agent",
  operation: "Operation",
  resource: "Resource",
  clock: "Simulated clock",
  clockNow: "Today: {date}",
  advanceDays: "Days to advance",
  advance: "Advance",
  advanced: "Time advanced to {date}.",
  notAllowed: "Your role does not allow this.",
  skipToMain: "Skip to the main content",
  newPlans: "the new plans",
  recommendedReplacement: "Recommended replacement",
  errorWithCode: "Error {code}",
  unknownCustomer: "Unknown customer",
  targetChosen: "Chosen by the agent",
  seatsOverAssigned: "Seats / assigned",
  suspendConfirm: "Yes, suspend",
  rollbackConfirm: "Yes, roll back",
  menu: "Menu",
  confirm: "Confirm",
  cancel: "Cancel",
  working: "Working…",
  recommendedBadge: "Recommended",
  pickPlanFor: "Plans for {segment} customers; the recommended replacements of {sku} first.",
  presetCount: "Preset to the {n} users who hold {sku}.",
  priceLine: "{price} per license per month ({term} term, billed {billing})",
  reviewPurchase: "Check the purchase",
  purchasePlan: "Plan",
  monthlyTotal: "Monthly total",
  termTotal: "Total for the term ({term})",
  monthlyCost: "What we pay Microsoft per month",
  monthlyMargin: "Our margin per month",
  confirmPurchase: "Confirm the purchase",
  purchaseDone: "{quantity} × {offer} purchased.",
  openSubscription: "Open the new subscription",
  noHolders: "No customer holds {sku}: there is nothing to migrate.",
  findCustomer: "Find a customer",
  selectShown: "Tick the customers shown",
  clearSelection: "Clear the ticks",
  customersChosen: "{n} of {total} customers ticked",
  noneChosen: "Tick at least one customer, or choose every customer holding it.",
  scopeAll: "every customer holding it ({n})",
  scopeSome: "the {n} ticked customers",
  previewScope: "{source} → {target}, for {scope}",
  previewCounts: "{customers} customers · {users} users to move",
  action: "Action",
  migrationHeading: "Migration {source} → {target}",
  rollbackAllTitle: "Roll back the migration for all {n} customers?",
  rollbackOneTitle: "Roll back the migration for {name}?",
  rollbackWhat: "Users get the {source} license back, the suspended {source} subscriptions are active again, and the seats of {target} the migration bought are returned (its new subscription suspended, or the seats it added removed).",
  rollbackCustomer: "Roll back {name}",
  rollbackResult: "{done} of {total} customers rolled back, {refused} refused, {other} not rolled back.",
  suspendTitle: "Suspend {name}?",
  suspendWhat: "Its users lose the service at once, and unless it is reactivated the subscription is deprovisioned automatically 120 days later, on {date}.",
  andMore: "and {n} more",
  serviceLossTotal: "{users} users lose a service plan by {date}; the first loss on {first}.",
  serviceLossNone: "Nobody loses a service plan by {date}.",
  auditNewestFirst: "Newest first.",
  auditTooMany: "More than {n} records match: the newest {n} are shown; narrow the dates to see older ones.",
  manageAllUsers: "Manage licenses of all {n} users",
  usersRange: "Users {first}–{last} of {total}",
  refused: "The server refused: {reason}",
  refusedCode: "The server refused the request (HTTP {status}).",
  commerceModel: "Sales model",
  commitmentTitle: "Commitment and cancellation",
  committedUntil: "The customer is committed until {date}.",
  cancellableUntil: "It can still be cancelled until {until}, refunded:",
  refundFull: "in full until {date}",
  refundPartial: "prorated, for the days left of the period, until {date}",
  notCancellable: "It can no longer be cancelled (its 168-hour window closed on {until}): the customer is committed until {date}.",
  notCancellableUnknown: "It was bought before seatshift knew it and cannot be cancelled: the customer is committed until {date}.",
  refundableSeats: "Seats that can still be given back",
  refundableTotal: "{n} of its {quantity} seats can still be given back: before the renewal the seat count cannot go below {floor}.",
  refundableAll: "All its {n} seats can still be given back.",
  noRefundableSeats: "No seat can be given back now: until the renewal the seat count can only go up.",
  lotDeadline: "Can be given back until",
  legacyNote: "A legacy subscription: it cannot be cancelled; once suspended it is deprovisioned 120 days later at no cost, and its seats can go down at any time.",
  cancelSubscription: "Cancel subscription",
  cancelTitle: "Cancel {name}?",
  cancelWhat: "The subscription ends now and its users lose the service. This cannot be undone.",
  cancelRefundFull: "Refund: what was charged for it is refunded in full (until {date}).",
  cancelRefundPartial: "Refund: prorated, for the days left of the period (until {date}).",
  cancelConfirm: "Yes, cancel it for good",
  cancelAssigned: "{count} users still hold licenses of this subscription: {users}. Remove their licenses before cancelling it.",
  cancelled: "The subscription is cancelled.",
  decreaseOffer: "Schedule {n} seats for the renewal on {date}",
  decreaseNoRenewal: "It does not renew: its seats end with the term on {date}.",
  renewalTitle: "Changes at renewal",
  renewsOn: "Renews on {date} for {term}.",
  noRenewal: "It does not renew: it ends on {date}. Turn auto-renew on to plan its next term.",
  scheduledNone: "Nothing is scheduled: it renews as it is ({quantity} seats, {term}, billed {billing}).",
  scheduledLine: "Scheduled for the renewal: {quantity} seats, {term}, billed {billing}.",
  scheduledEnd: "The next term ends on {date} instead of a whole term later.",
  scheduledClearedBy: "A change made now (seats, auto-renew off, suspension, cancellation) clears it.",
  scheduleQuantity: "Seats at the renewal",
  scheduleTerm: "Term and billing at the renewal",
  termOption: "{term}, billed {billing}",
  customEnd: "Custom end date (optional)",
  customEndHint: "The last day of a calendar month before the term's own end, or the end date of another subscription of the customer; the server checks it.",
  useDate: "Use {date}",
  scheduleSubmit: "Schedule for the renewal",
  scheduleClear: "Clear the scheduled change",
  clearTitle: "Clear the change scheduled for the renewal?",
  clearWhat: "It then renews as it is: {quantity} seats, {term}, billed {billing}.",
  clearConfirm: "Yes, clear it",
  scheduleDone: "The change is scheduled for the renewal.",
  scheduleCleared: "The scheduled change is cleared.",
  renewAssigned: "Renew with only the assigned seats",
  renewAssignedHint: "Seats nobody uses are not bought again at the renewal; this term's seats stay.",
  reducedNone: "Nothing to reduce: every seat that renews is assigned.",
  reducedOne: "1 subscription will renew with fewer seats:",
  reducedMany: "{n} subscriptions will renew with fewer seats:",
  reducedLine: "{name}: {from} → {to} seats at the renewal on {date}",
  atRenewal: "Seats at renewal",
  navReports: "Reports",
  reportsNav: "Reports",
  tabExpiring: "Will lapse",
  tabExpiringHint: "Auto-renew off: the service ends with the term",
  tabRenewing: "Money lost at renewal",
  tabRenewingHint: "Auto-renew on: unused seats are paid for again",
  renewingTitle: "Renewing with unused seats (auto-renew on)",
  renewingIntro: "These subscriptions renew by themselves and pay again for seats no license uses. Open one to schedule fewer seats for its renewal; this term's seats stay.",
  renewingWithin: "Renewing within (days)",
  renewingTotal: "{n} subscriptions renew within {days} days with unused seats.",
  renewingNone: "No subscription renews within {days} days with unused seats.",
  unusedSeats: "Unused seats",
  asNow: "{n} (as now)",
  reduceAtRenewal: "Reduce at renewal",
  commitGivenBack: "Given back by the rollback, refunded",
  commitmentsTitle: "What the purchases commit to",
  termAndBilling: "Term and billing",
  cancellableUntilCol: "Cancellable until",
  wholeTermCost: "Our cost, whole term",
  wholeTermPrice: "Customer pays, whole term",
  deadlineAfterPurchase: "168 hours after the purchase",
  deadlineClosed: "Closed on {until}",
  deadlineSeats: "{deadline} (the added seats)",
  addedToHeld: "{term}; seats added to the subscription held, ending with it",
  legacyTargets: "{n} customers get a legacy plan: no commitment.",
  commitTotals: "{currency}: over the purchases' whole terms our cost is {cost} and the customers pay {price} ({n} customers)",
  nceNote: "New Commerce: a purchase can be cancelled, with a refund, only within 168 hours (7 days). After that the customer is committed until the end date shown, and rolling the migration back no longer refunds it: the users go back, the subscription stays until its end and stops renewing.",
  keptTitle: "Rolled back, commitment kept",
  keptIntro: "{n} customers are back on {source}, but their new subscription was past its 168 hours and could not be cancelled: it stays until its end date.",
  keptWhat: "What stays",
  openTheSubscription: "Open the subscription",
  rollbackUsers: "Users get the {source} license back and the suspended {source} subscriptions are active again.",
  rollbackRefundTitle: "Cancelled with a refund ({n})",
  rollbackRefundWhat: "Still inside their 168 hours: the purchase is cancelled and refunded.",
  rollbackRefundItem: "{name} — {plan}: cancellable until {until}",
  rollbackRefundSeats: "{name} — {plan}: the {seats} added seats, until {until}",
  rollbackCommittedTitle: "Stay committed until their end date ({n})",
  rollbackCommittedWhat: "Past their 168 hours: the users still go back to {source}, but the purchase cannot be cancelled. The customer stays committed until the end date, and the subscription stops renewing.",
  rollbackCommittedItem: "{name} — {plan}: committed until {date}, does not renew",
  rollbackCommittedSeats: "{name} — {plan}: the {seats} added seats stay until {date}; it renews without them",
  rollbackLegacy: "{n} customers with a legacy plan: its new subscription is suspended, or the seats added removed, at no cost.",
  reviewLegacy: "Legacy: no commitment. It can be suspended at any time (deprovisioned 120 days later at no cost), and its seats can go down at any time.",
  reviewCommittedUntil: "Committed until",
  reviewCancellableUntil: "Cancellable until (if bought now)",
  reviewNewCommerce: "New Commerce: the customer is committed for the whole term, until {date}. The purchase can be cancelled only within 168 hours — if bought now, until {until}; after that it cannot be cancelled and is paid until the term ends.",
  alerts: "Alerts",
  alertsTitle: "Alerts",
  alertsBell: "Alerts: {n} open",
  alertsBellNone: "Alerts: none open",
  alertsIntro: "What needs doing before a date, newest first. Dismiss an alert once it is handled.",
  alertsNone: "No open alerts: nothing needs doing now. New ones appear here when the daily checks find them.",
  alertsNoneDismissed: "No dismissed alerts.",
  alertsNoneAll: "No alerts yet.",
  alertsOpenTotal: "Open alerts: {n}",
  alertsDismissedTotal: "Dismissed alerts: {n}",
  alertsAllTotal: "Alerts in total: {n}",
  alertsWhich: "Alerts to show",
  alertStatusOpen: "Open",
  alertStatusDismissed: "Dismissed",
  alertStatusAll: "All",
  alertsSeeAll: "See all alerts",
  alertsSeeAllCount: "See all {n} open alerts",
  alertsMore: "Show more",
  alertDue: "Due: {date}",
  alertRaised: "Raised: {date}",
  alertDismissedOn: "Dismissed on {date}",
  alertDismissedBy: "Dismissed on {date} by {who}",
  alertUnknownTitle: "Alert",
  alertGeneric: "Something needs attention at {company}.",
  alertGenericNoCompany: "Something needs attention.",
  dismiss: "Dismiss",
  dismissTitle: "Dismiss the alert “{what}”?",
  dismissWhat: "A dismissed alert leaves the open alerts for good: it cannot be reopened. Dismissing it changes nothing else — if something still needs doing, do it on its page first.",
  dismissConfirm: "Yes, dismiss it",
  dismissDone: "The alert is dismissed.",
  dismissGone: "This alert was already dismissed.",
  openMigration: "Open the migration",
  openCustomer: "Open the customer",
} as const;

export type MessageKey = keyof typeof en;

const tr: Record<MessageKey, string> = {
  appName: "seatshift",
  language: "Dil",
  signIn: "Oturum aç",
  signInTitle: "seatshift'e oturum açın",
  email: "E-posta",
  password: "Parola",
  signOut: "Oturumu kapat",
  signedInAs: "{email} ({role}) olarak oturum açıldı",
  badSignIn: "E-posta bilinmiyor ya da parola yanlış.",
  navCustomers: "Müşteriler",
  navMigrations: "Geçişler",
  navAudit: "Denetim kaydı",
  mainNav: "Ana menü",
  loading: "Yükleniyor…",
  error: "Hata: {message}",
  search: "Şirket adına göre ara",
  searchButton: "Ara",
  company: "Şirket",
  domain: "Etki alanı",
  segment: "Segment",
  country: "Ülke",
  nextPage: "Sonraki sayfa",
  pageNumber: "Sayfa {n}",
  rowsRange: "{total} satırdan {first}–{last}",
  previousPage: "Önceki sayfa",
  firstPage: "İlk sayfa",
  totalCount: "Toplam {n}",
  customersTitle: "Müşteriler",
  seatsPerSku: "SKU başına lisans",
  sku: "SKU",
  active: "Etkin",
  consumed: "Kullanılan",
  available: "Kullanılabilir",
  subscriptions: "Abonelikler",
  offer: "Teklif",
  friendlyName: "Kolay ad",
  quantity: "Miktar",
  status: "Durum",
  autoRenew: "Otomatik yenileme",
  endDate: "Bitiş tarihi",
  details: "Ayrıntılar",
  yes: "Evet",
  no: "Hayır",
  addSubscription: "Abonelik ekle",
  usersAndLicenses: "Kullanıcılar ve lisanslar",
  user: "Kullanıcı",
  licenses: "Lisanslar",
  selectUser: "{name} seç",
  selectAllUsers: "Tüm kullanıcıları seç",
  manageLicenses: "Lisansları yönet",
  manageLicensesFor: "{n} kullanıcının lisanslarını yönet",
  noneSelected: "En az bir kullanıcı seçin.",
  pickPlan: "Bir plan seçin",
  pickPlanHint: "Satışı sona eren SKU'lar sunulmaz; yerine geçenler işaretlidir.",
  suggestedReplacement: "{sku} yerine",
  notSold: "{sku} artık satılmıyor (satış sonu {date}). Yerine geçenler: {list}",
  pricePerMonth: "Lisans başına aylık {price}",
  noPrice: "{currency} fiyatı yok",
  licenseCount: "Lisans sayısı",
  submitOrder: "Satın al",
  orderDone: "Abonelik satın alındı",
    backToCustomer: "Müşteriye dön",
  clearLicense: "{sku} lisansını temizle",
  assignPlan: "Atanacak yeni plan",
  noAssign: "Hiçbir şey atama",
  servicePlans: "{sku} hizmet planları",
  servicePlan: "{plan} dahil",
  includeUser: "{name} lisanslarını değiştir",
  submitLicenses: "Lisans değişikliklerini uygula",
  licensesDone: "Yeni lisans atamaları",
  assigned: "Atanan",
  removed: "Kaldırılan",
  warnings: "Uyarılar",
  subscriptionTitle: "Abonelik {name}",
  suspend: "Askıya al",
  suspendAnyway: "Yine de askıya al",
  reactivate: "Yeniden etkinleştir",
  stillAssigned: "{count} kullanıcı bu aboneliğin lisanslarını hâlâ kullanıyor: {users}. Askıya almak, başka abonelik lisanslarını taşımadıkça onları hizmetsiz bırakır.",
  deprovisionOn: "{suspended} tarihinde askıya alındı; {date} tarihinde otomatik olarak kaldırılacak.",
  save: "Kaydet",
  saved: "Kaydedildi.",
  term: "Süre",
  billing: "Faturalama döngüsü",
  startDate: "Başlangıç tarihi",
  expiringTitle: "Risk altındaki abonelikler (otomatik yenileme kapalı)",
  within: "Şu kadar gün içinde bitenler",
  show: "Göster",
  chartTitle: "Haftalara göre risk altındaki abonelikler ve kullanıcılar",
  week: "Hafta",
  subscriptionsAtRisk: "Abonelikler",
  usersAtRisk: "Kullanıcılar",
  downloadCsv: "CSV indir",
  daysLeft: "Kalan gün",
  replacements: "Yerine geçenler",
  serviceLoss: "Hizmet kaybı tahmini",
  serviceLossBy: "Hiçbir şey yapılmazsa {date} tarihine kadar kullanıcıların kaybedeceği hizmet planları",
  plan: "Hizmet planı",
  users: "Kullanıcılar",
  firstLoss: "İlk kayıp",
  migrationsTitle: "Geçişler",
  newMigration: "Yeni geçiş",
  created: "Oluşturulma",
  source: "Kaynak SKU",
  target: "Hedef",
  progress: "İlerleme",
  open: "Aç",
  wizardTitle: "Geçiş sihirbazı",
  stepSource: "1. Kaynak SKU",
  stepCustomers: "2. Müşteriler",
  stepTargets: "3. Hedefler",
  stepPreview: "4. Deneme önizlemesi",
  allCustomers: "Bu SKU'ya sahip tüm müşteriler",
  pickCustomers: "Yalnızca seçtiğim müşteriler",
  selectCustomer: "{name} taşı",
  recommended: "Müşteri başına önerilen",
  seatPolicy: "Satın alınacak lisans",
  seatsAssigned: "Atanmış olan kadar",
  seatsSource: "Kaynak aboneliğin miktarı kadar",
  next: "İleri",
  back: "Geri",
  preview: "Önizleme (deneme)",
  reason: "Neden",
  seats: "Lisans",
  usersToMove: "Taşınacak kullanıcı",
  costBefore: "Önceki aylık maliyet",
  costAfter: "Sonraki aylık maliyet",
  priceAfter: "Müşterinin sonraki aylık ödemesi",
  marginAfter: "Sonraki aylık kârımız",
  currencyTotals: "{currency}: maliyetimiz ayda {costBefore} → {costAfter}; müşteriler {priceAfter} öder, kârımız {margin} ({n} müşteri)",
  totals: "Toplamlar",
  start: "Geçişi başlat",
  migrationTitle: "Geçiş {id}",
  pause: "Duraklat",
  resume: "Sürdür",
  rollback: "Geri al",
  customersDone: "{total} müşteriden {done} tamamlandı, {users} kullanıcı taşındı",
  perCustomer: "Müşteri başına",
  step: "Adım",
  errors: "Hatalar",
  auditTitle: "Denetim kaydı",
  customerId: "Müşteri kimliği",
  resourceId: "Kaynak kimliği",
  from: "Başlangıç",
  to: "Bitiş",
  filter: "Filtrele",
  time: "Zaman",
  agent: "Temsilci",
  operation: "İşlem",
  resource: "Kaynak",
  clock: "Benzetim saati",
  clockNow: "Bugün: {date}",
  advanceDays: "İlerletilecek gün",
  advance: "İlerlet",
  advanced: "Zaman {date} tarihine ilerletildi.",
  notAllowed: "Rolünüz buna izin vermiyor.",
  skipToMain: "Ana içeriğe geç",
  newPlans: "yeni planın",
  recommendedReplacement: "Önerilen yeni plan",
  errorWithCode: "Hata {code}",
  unknownCustomer: "Bilinmeyen müşteri",
  targetChosen: "Temsilci seçti",
  seatsOverAssigned: "Lisans / atanmış",
  suspendConfirm: "Evet, askıya al",
  rollbackConfirm: "Evet, geri al",
  menu: "Menü",
  confirm: "Onayla",
  cancel: "Vazgeç",
  working: "İşleniyor…",
  recommendedBadge: "Önerilen",
  pickPlanFor: "{segment} müşterilere uygun planlar; {sku} için önerilenler önce.",
  presetCount: "{sku} kullanan {n} kullanıcıya göre ayarlandı.",
  priceLine: "Lisans başına aylık {price} ({term} taahhüt, {billing} faturalama)",
  reviewPurchase: "Satın almayı gözden geçirin",
  purchasePlan: "Plan",
  monthlyTotal: "Aylık toplam",
  termTotal: "Dönem toplamı ({term})",
  monthlyCost: "Microsoft'a aylık ödediğimiz",
  monthlyMargin: "Aylık kârımız",
  confirmPurchase: "Satın almayı onayla",
  purchaseDone: "{quantity} × {offer} satın alındı.",
  openSubscription: "Yeni aboneliği aç",
  noHolders: "{sku} hiçbir müşteride yok: taşınacak bir şey yok.",
  findCustomer: "Müşteri ara",
  selectShown: "Gösterilen müşterileri işaretle",
  clearSelection: "İşaretleri kaldır",
  customersChosen: "{total} müşteriden {n} işaretli",
  noneChosen: "En az bir müşteri işaretleyin ya da bu SKU'ya sahip tüm müşterileri seçin.",
  scopeAll: "bu SKU'ya sahip tüm müşteriler ({n})",
  scopeSome: "işaretli {n} müşteri",
  previewScope: "{source} → {target}, kapsam: {scope}",
  previewCounts: "{customers} müşteri · taşınacak {users} kullanıcı",
  action: "İşlem",
  migrationHeading: "Geçiş: {source} → {target}",
  rollbackAllTitle: "Geçiş {n} müşterinin tümü için geri alınsın mı?",
  rollbackOneTitle: "Geçiş {name} için geri alınsın mı?",
  rollbackWhat: "Kullanıcılar {source} lisansını geri alır, askıya alınan {source} abonelikleri yeniden etkinleşir ve geçişin satın aldığı {target} lisansları iade edilir (yeni abonelik askıya alınır ya da eklenen lisanslar çıkarılır).",
  rollbackCustomer: "{name} geri al",
  rollbackResult: "{total} müşteriden {done} geri alındı, {refused} reddedildi, {other} geri alınmadı.",
  suspendTitle: "{name} askıya alınsın mı?",
  suspendWhat: "Kullanıcıları hizmeti hemen kaybeder ve yeniden etkinleştirilmezse abonelik 120 gün sonra, {date} tarihinde otomatik olarak kaldırılır.",
  andMore: "ve {n} kişi daha",
  serviceLossTotal: "{date} tarihine kadar {users} kullanıcı bir hizmet planını kaybeder; ilk kayıp {first}.",
  serviceLossNone: "{date} tarihine kadar kimse hizmet planı kaybetmez.",
  auditNewestFirst: "En yeni önce.",
  auditTooMany: "{n} kayıttan fazlası eşleşiyor: en yeni {n} kayıt gösteriliyor; daha eskileri için tarihleri daraltın.",
  manageAllUsers: "Tüm {n} kullanıcının lisanslarını yönet",
  usersRange: "{total} kullanıcıdan {first}–{last}",
  refused: "Sunucu reddetti: {reason}",
  refusedCode: "Sunucu isteği reddetti (HTTP {status}).",
  commerceModel: "Satış modeli",
  commitmentTitle: "Taahhüt ve iptal",
  committedUntil: "Müşteri {date} tarihine kadar taahhüt altında.",
  cancellableUntil: "{until} tarihine kadar hâlâ iptal edilebilir; iade:",
  refundFull: "{date} tarihine kadar tam iade",
  refundPartial: "{date} tarihine kadar dönemin kalan günleri için kısmi iade",
  notCancellable: "Artık iptal edilemez (168 saatlik iptal süresi {until} tarihinde doldu): müşteri {date} tarihine kadar taahhüt altında.",
  notCancellableUnknown: "seatshift'ten önce satın alındığı için iptal edilemez: müşteri {date} tarihine kadar taahhüt altında.",
  refundableSeats: "Hâlâ iade edilebilecek lisanslar",
  refundableTotal: "{quantity} lisanstan {n} tanesi hâlâ iade edilebilir: yenilemeden önce lisans sayısı {floor} altına inemez.",
  refundableAll: "{n} lisansın tümü hâlâ iade edilebilir.",
  noRefundableSeats: "Şu anda hiçbir lisans iade edilemez: yenilemeye kadar lisans sayısı yalnızca artırılabilir.",
  lotDeadline: "İade için son tarih",
  legacyNote: "Eski tip abonelik: iptal edilemez; askıya alınırsa 120 günün sonunda ücretsiz olarak kaldırılır ve lisans sayısı her zaman azaltılabilir.",
  cancelSubscription: "Aboneliği iptal et",
  cancelTitle: "{name} iptal edilsin mi?",
  cancelWhat: "Abonelik hemen sona erer ve kullanıcıları hizmeti kaybeder. Bu işlem geri alınamaz.",
  cancelRefundFull: "İade: bunun için tahsil edilen tutarın tamamı iade edilir ({date} tarihine kadar).",
  cancelRefundPartial: "İade: dönemin kalan günleri için kısmi iade ({date} tarihine kadar).",
  cancelConfirm: "Evet, kalıcı olarak iptal et",
  cancelAssigned: "{count} kullanıcı bu aboneliğin lisanslarını hâlâ kullanıyor: {users}. İptal etmeden önce lisanslarını kaldırın.",
  cancelled: "Abonelik iptal edildi.",
  decreaseOffer: "{date} yenilemesi için {n} lisans planla",
  decreaseNoRenewal: "Yenilenmiyor: lisansları {date} tarihinde dönemle birlikte sona erer.",
  renewalTitle: "Yenilemede yapılacak değişiklikler",
  renewsOn: "{date} tarihinde {term} süreyle yenilenir.",
  noRenewal: "Yenilenmiyor: {date} tarihinde sona erer. Sonraki dönemini planlamak için otomatik yenilemeyi açın.",
  scheduledNone: "Planlanmış bir değişiklik yok: olduğu gibi yenilenir ({quantity} lisans, {term}, {billing} faturalama).",
  scheduledLine: "Yenileme için planlanan: {quantity} lisans, {term}, {billing} faturalama.",
  scheduledEnd: "Sonraki dönem tam bir dönem yerine {date} tarihinde sona erer.",
  scheduledClearedBy: "Şimdi yapılan her değişiklik (lisans sayısı, otomatik yenilemeyi kapatma, askıya alma, iptal) bunu kaldırır.",
  scheduleQuantity: "Yenilemedeki lisans sayısı",
  scheduleTerm: "Yenilemedeki süre ve faturalama",
  termOption: "{term}, {billing} faturalama",
  customEnd: "Özel bitiş tarihi (isteğe bağlı)",
  customEndHint: "Dönemin kendi bitişinden önceki bir ayın son günü ya da müşterinin başka bir aboneliğinin bitiş tarihi olmalı; sunucu denetler.",
  useDate: "{date} tarihini kullan",
  scheduleSubmit: "Yenileme için planla",
  scheduleClear: "Planlanan değişikliği kaldır",
  clearTitle: "Yenileme için planlanan değişiklik kaldırılsın mı?",
  clearWhat: "Abonelik o zaman olduğu gibi yenilenir: {quantity} lisans, {term}, {billing} faturalama.",
  clearConfirm: "Evet, kaldır",
  scheduleDone: "Değişiklik yenileme için planlandı.",
  scheduleCleared: "Planlanan değişiklik kaldırıldı.",
  renewAssigned: "Yalnızca atanmış lisanslarla yenile",
  renewAssignedHint: "Kimsenin kullanmadığı lisanslar yenilemede yeniden satın alınmaz; bu dönemin lisansları değişmez.",
  reducedNone: "Azaltılacak bir şey yok: yenilenen her lisans atanmış.",
  reducedOne: "1 abonelik daha az lisansla yenilenecek:",
  reducedMany: "{n} abonelik daha az lisansla yenilenecek:",
  reducedLine: "{name}: {date} yenilemesinde {from} → {to} lisans",
  atRenewal: "Yenilemedeki lisans",
  navReports: "Raporlar",
  reportsNav: "Raporlar",
  tabExpiring: "Sona erecekler",
  tabExpiringHint: "Otomatik yenileme kapalı: hizmet dönem sonunda biter",
  tabRenewing: "Yenilemede boşa giden para",
  tabRenewingHint: "Otomatik yenileme açık: kullanılmayan lisanslar yeniden ödenir",
  renewingTitle: "Kullanılmayan lisanslarla yenilenecek abonelikler (otomatik yenileme açık)",
  renewingIntro: "Bu abonelikler kendiliğinden yenilenir ve hiçbir kullanıcıya atanmamış lisanslar için yeniden ödeme yapılır. Yenilemede daha az lisans planlamak için aboneliği açın; bu dönemin lisansları değişmez.",
  renewingWithin: "Şu kadar gün içinde yenilenenler",
  renewingTotal: "{days} gün içinde {n} abonelik kullanılmayan lisanslarla yenilenecek.",
  renewingNone: "{days} gün içinde kullanılmayan lisanslarla yenilenecek abonelik yok.",
  unusedSeats: "Kullanılmayan lisans",
  asNow: "{n} (şimdiki gibi)",
  reduceAtRenewal: "Yenilemede azalt",
  commitGivenBack: "Geri almayla iade edildi",
  commitmentsTitle: "Satın almaların taahhüdü",
  termAndBilling: "Süre ve faturalama",
  cancellableUntilCol: "İptal için son tarih",
  wholeTermCost: "Tüm dönem maliyetimiz",
  wholeTermPrice: "Müşterinin tüm dönem ödemesi",
  deadlineAfterPurchase: "Satın almadan 168 saat sonra",
  deadlineClosed: "{until} tarihinde doldu",
  deadlineSeats: "{deadline} (eklenen lisanslar)",
  addedToHeld: "{term}; mevcut aboneliğe eklenen lisanslar, onunla birlikte biter",
  legacyTargets: "{n} müşteri eski tip plana geçer: taahhüt yok.",
  commitTotals: "{currency}: satın almaların tüm dönemleri boyunca maliyetimiz {cost}, müşterilerin ödeyeceği {price} ({n} müşteri)",
  nceNote: "Yeni Ticaret: bir satın alma yalnızca 168 saat (7 gün) içinde iadeli olarak iptal edilebilir. Bu süreden sonra müşteri gösterilen bitiş tarihine kadar taahhüt altındadır ve geçişi geri almak artık iade sağlamaz: kullanıcılar geri döner, abonelik bitiş tarihine kadar kalır ve yenilenmez.",
  keptTitle: "Geri alındı, taahhüt sürüyor",
  keptIntro: "{n} müşteri {source} planına döndü; ancak yeni aboneliklerinin 168 saati dolduğu için iptal edilemedi: abonelik bitiş tarihine kadar kalıyor.",
  keptWhat: "Kalan taahhüt",
  openTheSubscription: "Aboneliği aç",
  rollbackUsers: "Kullanıcılar {source} lisansını geri alır ve askıya alınan {source} abonelikleri yeniden etkinleşir.",
  rollbackRefundTitle: "İadeli iptal edilecekler ({n})",
  rollbackRefundWhat: "168 saatleri dolmadı: satın alma iptal edilir ve ücreti iade edilir.",
  rollbackRefundItem: "{name} — {plan}: {until} tarihine kadar iptal edilebilir",
  rollbackRefundSeats: "{name} — {plan}: eklenen {seats} lisans, {until} tarihine kadar",
  rollbackCommittedTitle: "Bitiş tarihine kadar taahhüt altında kalacaklar ({n})",
  rollbackCommittedWhat: "168 saatleri doldu: kullanıcılar yine {source} planına döner, ancak satın alma iptal edilemez. Müşteri bitiş tarihine kadar taahhüt altında kalır ve abonelik yenilenmez.",
  rollbackCommittedItem: "{name} — {plan}: {date} tarihine kadar taahhüt, yenilenmez",
  rollbackCommittedSeats: "{name} — {plan}: eklenen {seats} lisans {date} tarihine kadar kalır; abonelik bunlar olmadan yenilenir",
  rollbackLegacy: "Eski tip planlı {n} müşteri: yeni abonelik askıya alınır ya da eklenen lisanslar ücretsiz olarak çıkarılır.",
  reviewLegacy: "Eski tip: taahhüt yok. İstendiğinde askıya alınabilir (120 gün sonra ücretsiz kaldırılır) ve lisans sayısı her zaman azaltılabilir.",
  reviewCommittedUntil: "Taahhüt bitişi",
  reviewCancellableUntil: "İptal için son tarih (şimdi satın alınırsa)",
  reviewNewCommerce: "Yeni Ticaret: müşteri dönemin tamamı için, {date} tarihine kadar taahhüt altına girer. Satın alma yalnızca 168 saat içinde iptal edilebilir — şimdi satın alınırsa {until} tarihine kadar; bu süreden sonra iptal edilemez ve dönem sonuna kadar ödenir.",
  alerts: "Uyarılar",
  alertsTitle: "Uyarılar",
  alertsBell: "Uyarılar: {n} açık",
  alertsBellNone: "Uyarılar: açık uyarı yok",
  alertsIntro: "Belli bir tarihten önce yapılması gerekenler, en yenisi önce. İlgilendiğiniz uyarıyı kapatın.",
  alertsNone: "Açık uyarı yok: şu anda yapılması gereken bir şey yok. Günlük denetimler yeni bir durum bulduğunda burada görünür.",
  alertsNoneDismissed: "Kapatılmış uyarı yok.",
  alertsNoneAll: "Henüz uyarı yok.",
  alertsOpenTotal: "{n} açık uyarı",
  alertsDismissedTotal: "{n} kapatılmış uyarı",
  alertsAllTotal: "Toplam {n} uyarı",
  alertsWhich: "Gösterilecek uyarılar",
  alertStatusOpen: "Açık",
  alertStatusDismissed: "Kapatılmış",
  alertStatusAll: "Tümü",
  alertsSeeAll: "Tüm uyarıları gör",
  alertsSeeAllCount: "Açık {n} uyarının tümünü gör",
  alertsMore: "Daha fazla göster",
  alertDue: "Son tarih: {date}",
  alertRaised: "Oluşturulma: {date}",
  alertDismissedOn: "{date} tarihinde kapatıldı",
  alertDismissedBy: "{date} tarihinde {who} tarafından kapatıldı",
  alertUnknownTitle: "Uyarı",
  alertGeneric: "{company} şirketinde ilgilenilmesi gereken bir durum var.",
  alertGenericNoCompany: "İlgilenilmesi gereken bir durum var.",
  dismiss: "Kapat",
  dismissTitle: "“{what}” uyarısı kapatılsın mı?",
  dismissWhat: "Kapatılan uyarı açık uyarılardan kalıcı olarak kalkar: yeniden açılamaz. Kapatmak başka hiçbir şeyi değiştirmez; yapılacak bir şey varsa önce ilgili sayfada yapın.",
  dismissConfirm: "Evet, kapat",
  dismissDone: "Uyarı kapatıldı.",
  dismissGone: "Bu uyarı zaten kapatılmış.",
  openMigration: "Geçişi aç",
  openCustomer: "Müşteriyi aç",
};

export type Locale = "en" | "tr";
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, tr };

// The API's enum values (statuses, roles, segments) as an agent reads them. A value missing here
// is shown as the API spells it, so a new value on the server never breaks a page.
const VALUE_LABELS: Record<Locale, Record<string, string>> = {
  en: {
    active: "Active",
    suspended: "Suspended",
    expired: "Expired",
    disabled: "Disabled",
    deleted: "Deleted",
    planned: "Planned",
    running: "Running",
    paused: "Paused",
    completed: "Completed",
    completed_with_errors: "Completed with errors",
    failed: "Failed",
    rolling_back: "Rolling back",
    rolled_back: "Rolled back",
    commercial: "Commercial",
    education: "Education",
    frontline: "Frontline",
    government: "Government",
    admin_agent: "Administrator",
    sales_agent: "Sales agent",
    helpdesk_agent: "Helpdesk agent",
    billing_admin: "Billing administrator",
    system: "System",
  },
  tr: {
    active: "Etkin",
    suspended: "Askıya alındı",
    expired: "Süresi doldu",
    disabled: "Devre dışı",
    deleted: "Silindi",
    planned: "Planlandı",
    running: "Çalışıyor",
    paused: "Duraklatıldı",
    completed: "Tamamlandı",
    completed_with_errors: "Hatalarla tamamlandı",
    failed: "Başarısız",
    rolling_back: "Geri alınıyor",
    rolled_back: "Geri alındı",
    commercial: "Ticari",
    education: "Eğitim",
    frontline: "Saha çalışanı",
    government: "Kamu",
    admin_agent: "Yönetici",
    sales_agent: "Satış temsilcisi",
    helpdesk_agent: "Destek temsilcisi",
    billing_admin: "Faturalama yöneticisi",
    system: "Sistem",
  },
};

// The API's codes that are not plain statuses, by kind (the same word can mean different things
// in two kinds: `none` is an action here and an upgrade type there). Each kind lists every value
// of its enum in openapi.json; a code missing here is shown as the API spells it.
export type CodeKind =
  | "term"
  | "billing"
  | "step"
  | "action"
  | "warning"
  | "upgradeError"
  | "lossReason"
  | "operation"
  | "resourceType"
  | "seatPolicy"
  | "commerce"
  | "refund"
  | "alertRule"
  | "error";

const CODE_LABELS: Record<Locale, Record<CodeKind, Record<string, string>>> = {
  en: {
    term: { P1M: "1 month", P1Y: "1 year", P3Y: "3 years" },
    billing: { monthly: "monthly", annual: "annually", triennial: "every 3 years" },
    step: {
      pending: "Waiting",
      purchased: "Plan bought",
      moving: "Moving users",
      suspended: "Old subscription suspended",
      done: "Done",
      failed: "Failed",
      rolled_back: "Rolled back",
    },
    action: {
      purchase: "Buy a new subscription",
      addSeats: "Add seats to the one held",
      none: "Cannot be migrated as planned",
      skip: "Nothing to do",
    },
    warning: {
      servicePlanNotCovered: "The new plan lacks a service plan of the old one",
      servicePlanTierChanged: "A service plan changes tier",
      sourceNotActive: "The old subscription is not active",
      endDateBeforeRun: "The old subscription ends before the migration runs",
      targetAlreadyHeld: "The customer already holds the new plan",
      notEnoughSeats: "Not enough seats",
      noSourceSubscription: "No subscription of the old plan",
      seatsRaisedToMinimum: "Seats raised to the plan's minimum",
      seatsAboveMaximum: "More seats than the plan allows",
      targetNotPurchasable: "The new plan cannot be bought",
      priceMissing: "No price in the customer's currency",
      changedSincePlanning: "Changed since planning: skipped, nothing bought",
    },
    upgradeError: {
      other: "Not possible (see the plan's warnings)",
      subscription_status_not_active: "The subscription is not active",
      subscription_does_not_have_any_upgrade_paths: "No replacement plan",
      subscription_target_offer_not_found: "The new plan does not exist",
      offer_does_not_support_billing_cycle: "No price for this term and billing cycle",
      concurrency_conflicts: "Another upgrade of this subscription is under way",
    },
    lossReason: { expiry: "term ends", suspension: "suspended", disabled: "disabled", deprovisioned: "deprovisioned" },
    operation: {
      "agent.create": "Agent created",
      "agent.disable": "Agent disabled",
      "agent.rotate": "Agent token rotated",
      "customer.create": "Customer created",
      "estate.import": "Customers imported",
      "license.update": "Licenses changed",
      "migration.plan": "Migration planned",
      "migration.start": "Migration started",
      "migration.pause": "Migration paused",
      "migration.resume": "Migration resumed",
      "migration.complete": "Migration completed",
      "migration.rollback": "Migration rollback asked",
      "migration.rolledBack": "Migration rolled back",
      "migration.customerSkipped": "Customer skipped by a migration",
      "migration.customerRolledBack": "Customer rolled back",
      "migration.customerRollbackRefused": "Customer's rollback refused",
      "order.create": "Order placed",
      "session.create": "Signed in",
      "subscription.create": "Subscription created",
      "subscription.update": "Subscription changed",
      "subscription.suspend": "Subscription suspended",
      "subscription.renew": "Subscription renewed",
      "subscription.expire": "Subscription expired",
      "subscription.disable": "Subscription disabled",
      "subscription.deprovision": "Subscription deprovisioned",
      "user.create": "User created",
      "user.update": "User changed",
      "user.delete": "User deleted",
      "clock.advance": "Clock advanced",
      "alert.dismiss": "Alert dismissed",
      "agent.setPassword": "Agent's password set",
      "catalog.sku.create": "Product added to the catalog",
      "catalog.sku.update": "Catalog product changed",
      "demo.seed": "Demo data loaded",
      "license.remove.deprovisioned": "License removed (subscription ended)",
      "migration.customerFailed": "Customer's migration step failed",
      "prices.import": "Price list imported",
      "prices.margin.set": "Margin set",
      "prices.margin.delete": "Margin removed",
      "subscription.autorenew.endofsale": "Auto-renew turned off (end of sale)",
      "webhook.create": "Webhook added",
      "webhook.update": "Webhook changed",
      "webhook.delete": "Webhook deleted",
      "webhook.secret.rotate": "Webhook secret replaced",
      "webhook.replay": "Events sent again to a webhook",
    },
    resourceType: {
      Agent: "Agent",
      Customer: "Customer",
      CustomerUser: "User",
      User: "User",
      License: "License",
      Migration: "Migration",
      Order: "Order",
      Subscription: "Subscription",
      Session: "Session",
      Clock: "Clock",
      Alert: "Alert",
      Webhook: "Webhook",
      Sku: "Catalog product",
      PriceList: "Price list",
      MarginRule: "Margin",
    },
    seatPolicy: { assigned: "As many as are assigned", source_quantity: "The old subscription's quantity" },
    commerce: { newCommerce: "New Commerce", legacy: "Legacy" },
    refund: { Full: "Full refund", Partial: "Prorated refund" },
    alertRule: {
      autoRenewOffEnding: "Will lapse: auto-renew is off",
      renewingWithUnusedSeats: "Renews with unused seats",
      cancellationWindowClosing: "Last hours to cancel with a refund",
      migrationNeedsAttention: "Migration needs attention",
      serviceLoss: "Users will lose service",
    },
    error: {},
  },
  tr: {
    term: { P1M: "1 ay", P1Y: "1 yıl", P3Y: "3 yıl" },
    billing: { monthly: "aylık", annual: "yıllık", triennial: "3 yılda bir" },
    step: {
      pending: "Bekliyor",
      purchased: "Plan satın alındı",
      moving: "Kullanıcılar taşınıyor",
      suspended: "Eski abonelik askıya alındı",
      done: "Tamamlandı",
      failed: "Başarısız",
      rolled_back: "Geri alındı",
    },
    action: {
      purchase: "Yeni abonelik satın al",
      addSeats: "Mevcut aboneliğe lisans ekle",
      none: "Planlandığı gibi taşınamaz",
      skip: "Yapılacak bir şey yok",
    },
    warning: {
      servicePlanNotCovered: "Yeni plan, eskisinin bir hizmet planını içermiyor",
      servicePlanTierChanged: "Bir hizmet planının düzeyi değişiyor",
      sourceNotActive: "Eski abonelik etkin değil",
      endDateBeforeRun: "Eski abonelik geçişten önce bitiyor",
      targetAlreadyHeld: "Müşteri yeni plana zaten sahip",
      notEnoughSeats: "Yeterli lisans yok",
      noSourceSubscription: "Eski planın aboneliği yok",
      seatsRaisedToMinimum: "Lisans sayısı planın en azına yükseltildi",
      seatsAboveMaximum: "Lisans sayısı planın izin verdiğinden fazla",
      targetNotPurchasable: "Yeni plan satın alınamıyor",
      priceMissing: "Müşterinin para biriminde fiyat yok",
      changedSincePlanning: "Planlamadan sonra değişti: atlandı, bir şey satın alınmadı",
    },
    upgradeError: {
      other: "Mümkün değil (planın uyarılarına bakın)",
      subscription_status_not_active: "Abonelik etkin değil",
      subscription_does_not_have_any_upgrade_paths: "Yerine geçecek plan yok",
      subscription_target_offer_not_found: "Yeni plan bulunamadı",
      offer_does_not_support_billing_cycle: "Bu süre ve faturalama için fiyat yok",
      concurrency_conflicts: "Bu aboneliğin başka bir yükseltmesi sürüyor",
    },
    lossReason: { expiry: "süre bitiyor", suspension: "askıya alındı", disabled: "devre dışı", deprovisioned: "kaldırıldı" },
    operation: {
      "agent.create": "Temsilci oluşturuldu",
      "agent.disable": "Temsilci devre dışı bırakıldı",
      "agent.rotate": "Temsilci anahtarı yenilendi",
      "customer.create": "Müşteri oluşturuldu",
      "estate.import": "Müşteriler içe aktarıldı",
      "license.update": "Lisanslar değiştirildi",
      "migration.plan": "Geçiş planlandı",
      "migration.start": "Geçiş başlatıldı",
      "migration.pause": "Geçiş duraklatıldı",
      "migration.resume": "Geçiş sürdürüldü",
      "migration.complete": "Geçiş tamamlandı",
      "migration.rollback": "Geçişin geri alınması istendi",
      "migration.rolledBack": "Geçiş geri alındı",
      "migration.customerSkipped": "Müşteri geçişte atlandı",
      "migration.customerRolledBack": "Müşterinin geçişi geri alındı",
      "migration.customerRollbackRefused": "Müşterinin geri alınması reddedildi",
      "order.create": "Sipariş verildi",
      "session.create": "Oturum açıldı",
      "subscription.create": "Abonelik oluşturuldu",
      "subscription.update": "Abonelik değiştirildi",
      "subscription.suspend": "Abonelik askıya alındı",
      "subscription.renew": "Abonelik yenilendi",
      "subscription.expire": "Aboneliğin süresi doldu",
      "subscription.disable": "Abonelik devre dışı kaldı",
      "subscription.deprovision": "Abonelik kaldırıldı",
      "user.create": "Kullanıcı oluşturuldu",
      "user.update": "Kullanıcı değiştirildi",
      "user.delete": "Kullanıcı silindi",
      "clock.advance": "Saat ilerletildi",
      "alert.dismiss": "Uyarı kapatıldı",
      "agent.setPassword": "Temsilcinin parolası belirlendi",
      "catalog.sku.create": "Kataloğa ürün eklendi",
      "catalog.sku.update": "Katalogdaki ürün değiştirildi",
      "demo.seed": "Örnek veriler yüklendi",
      "license.remove.deprovisioned": "Lisans kaldırıldı (abonelik sona erdi)",
      "migration.customerFailed": "Müşterinin geçiş adımı başarısız oldu",
      "prices.import": "Fiyat listesi içe aktarıldı",
      "prices.margin.set": "Kâr marjı belirlendi",
      "prices.margin.delete": "Kâr marjı kaldırıldı",
      "subscription.autorenew.endofsale": "Otomatik yenileme kapatıldı (satış sona erdi)",
      "webhook.create": "Web kancası eklendi",
      "webhook.update": "Web kancası değiştirildi",
      "webhook.delete": "Web kancası silindi",
      "webhook.secret.rotate": "Web kancasının gizli anahtarı yenilendi",
      "webhook.replay": "Olaylar web kancasına yeniden gönderildi",
    },
    resourceType: {
      Agent: "Temsilci",
      Customer: "Müşteri",
      CustomerUser: "Kullanıcı",
      User: "Kullanıcı",
      License: "Lisans",
      Migration: "Geçiş",
      Order: "Sipariş",
      Subscription: "Abonelik",
      Session: "Oturum",
      Clock: "Saat",
      Alert: "Uyarı",
      Webhook: "Web kancası",
      Sku: "Katalog ürünü",
      PriceList: "Fiyat listesi",
      MarginRule: "Kâr marjı",
    },
    seatPolicy: { assigned: "Atanmış olan kadar", source_quantity: "Eski aboneliğin miktarı kadar" },
    commerce: { newCommerce: "Yeni Ticaret", legacy: "Eski tip" },
    refund: { Full: "Tam iade", Partial: "Kısmi iade" },
    alertRule: {
      autoRenewOffEnding: "Sona erecek: otomatik yenileme kapalı",
      renewingWithUnusedSeats: "Kullanılmayan lisanslarla yenilenecek",
      cancellationWindowClosing: "İadeli iptal için son saatler",
      migrationNeedsAttention: "Geçiş ilgi bekliyor",
      serviceLoss: "Kullanıcılar hizmet kaybedecek",
    },
    // The API's refusals an agent meets in the portal; the others are named by their HTTP status.
    error: {
      "60012": "Yeterli boş lisans yok.",
      "2055": "Abonelik bu arada değişti; sayfayı yenileyin.",
      "2011": "Abonelik silinmiş.",
      "800091": "Askıya alınmış abonelik yalnızca yeniden etkinleştirilebilir.",
      "800093": "Satışı sona eren bir SKU'da otomatik yenileme açılamaz.",
      "800090": "Miktar, atanmış lisans sayısının altında olamaz.",
      "2002": "Miktar, planın en az ve en fazla sınırlarının dışında.",
      offerNotPurchasable: "Bu plan artık satılmıyor.",
      priceNotFound: "Bu plan için müşterinin para biriminde fiyat yok.",
      invalidStatusTransition: "Abonelik bu duruma geçirilemez.",
      requestIdReused: "Bu istek başka bir içerikle zaten gönderilmiş.",
      servicePlanNotInSku: "Hizmet planı bu SKU'da yok.",
      licensesStillAssigned: "Kullanıcılar bu aboneliğin lisanslarını hâlâ kullanıyor.",
      "900213": "Aboneliğin iptal süresi doldu.",
      "900214": "Lisans sayısı, iade süresi dolmamış lisanslardan fazla azaltılamaz.",
      "900246": "Bu özel bitiş tarihi seçilemez.",
      "900263": "Bu işlem eski tip aboneliklerde yapılamaz.",
      "409": "İşlem şu anki durumda yapılamaz.",
      "403": "Rolünüz buna izin vermiyor.",
      "404": "Bulunamadı.",
    },
  },
};

//! A code of the API of `kind` (a term, a migration step, a warning, an audit operation, ...) in
//! the agent's language.
export function codeLabel(kind: CodeKind, value: string): string {
  return CODE_LABELS[current][kind][value] ?? value;
}

//! Whether the agent's language has its own text for a code (an English sentence of the API is
//! shown only to English readers).
export function hasCodeLabel(kind: CodeKind, value: string): boolean {
  return value in CODE_LABELS[current][kind];
}

const STORAGE_KEY = "seatshift.locale";

function preferred(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "tr") return stored;
  for (const language of navigator.languages ?? [navigator.language]) {
    const base = language.toLowerCase().split("-")[0];
    if (base === "tr" || base === "en") return base;
  }
  return "en";
}

let current: Locale = preferred();

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in values ? String(values[name]) : `{${name}}`,
  );
}

//! An enum value of the API (a status, a role, a segment) in the agent's language.
export function valueLabel(value: string): string {
  return VALUE_LABELS[current][value] ?? value;
}

//! An ISO date or instant as a calendar date in UTC (the API's dates are UTC days).
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
}

//! An instant that is a deadline (a cancellation window's end): the day and time where the agent
//! is, with its time zone, so nobody misses it by the hours between UTC and local time.
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(current, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    new Date(iso),
  );
}

//! Integer minor units of `currency` (as the API keeps money) in the locale's format.
export function formatMoney(minorUnits: number | null | undefined, currency: string): string {
  if (minorUnits === null || minorUnits === undefined) return "—";
  const format = new Intl.NumberFormat(current, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current).format(n);
}

//! The texts of a paged table's pager (dom.ts pagedTable) in the agent's language.
export function pagerLabels() {
  return {
    previous: t("previousPage"),
    next: t("nextPage"),
    range: (first: number, last: number, total: number) =>
      t("rowsRange", { first: formatNumber(first), last: formatNumber(last), total: formatNumber(total) }),
  };
}

document.documentElement.lang = current;

// Messages of the API that carry a code and parameters (migration warnings, a recommendation's
// reason, license warnings, refusals, a rolled-back customer's kept commitment, alerts): said in the agent's language from the code and its values, never
// from the API's English sentence. SKU ids among the values are shown by title (`title`).
export type MessageParameters = Record<string, number | string | string[]>;
type Say = (p: MessageParameters, title: (id: string) => string) => string;

const str = (p: MessageParameters, key: string): string => {
  const v = p[key];
  return v === undefined ? "" : Array.isArray(v) ? v.join(", ") : typeof v === "number" ? formatNumber(v) : v;
};
const num = (p: MessageParameters, key: string): number => (typeof p[key] === "number" ? (p[key] as number) : 0);
//! The days (YYYY-MM-DD) a list parameter names; a single day is a list of one.
const daysOf = (p: MessageParameters, key: string): string[] => {
  const v = p[key];
  return Array.isArray(v) ? v : typeof v === "string" && v ? [v] : [];
};

const FAMILIES: Record<Locale, Record<string, string>> = {
  en: { business: "Business plans", enterprise: "Enterprise plans", education: "education plans", frontline: "frontline plans", government: "government plans" },
  tr: { business: "Business planları", enterprise: "Enterprise planları", education: "eğitim planları", frontline: "saha çalışanı planları", government: "kamu planları" },
};

function recommendation(locale: Locale, p: MessageParameters, fallback: boolean): string {
  const family = FAMILIES[locale][str(p, "family")] ?? str(p, "family");
  const preferred = FAMILIES[locale][str(p, "preferredFamily")] ?? str(p, "preferredFamily");
  const segment = VALUE_LABELS[locale][str(p, "segment")] ?? str(p, "segment");
  const missing = Array.isArray(p.servicePlansMissing) ? p.servicePlansMissing : [];
  const enabled = num(p, "servicePlansEnabled");
  const candidates = num(p, "candidates");
  if (locale === "tr") {
    const sizing = `${segment}, ${str(p, "seats")} lisans`;
    const choice = fallback ? `${preferred} yok, bu yüzden ${family}` : family;
    const coverage =
      enabled === 0
        ? "kullanıcıların etkin hizmet planı yok"
        : missing.length
          ? `eksik hizmet planları: ${missing.join(", ")}`
          : `kullanıcıların ${formatNumber(enabled)} hizmet planının hepsini koruyor`;
    const cost = candidates <= 1 ? "tek aday" : `${formatNumber(candidates)} aday arasında en düşük aylık maliyet`;
    return `${sizing}: ${choice}; ${coverage}; ${cost}`;
  }
  const sizing = `${segment}, ${str(p, "seats")} seats`;
  const choice = fallback ? `no ${preferred} available, so ${family}` : family;
  const coverage =
    enabled === 0
      ? "users have no service plan enabled"
      : missing.length
        ? `lacks ${missing.join(", ")}`
        : `keeps all ${formatNumber(enabled)} service plans users have`;
  const cost = candidates <= 1 ? "the only candidate" : `lowest monthly cost of ${formatNumber(candidates)} candidates`;
  return `${sizing}: ${choice}; ${coverage}; ${cost}`;
}

// Alerts (views/alerts.ts): each rule said from its parameters, which views/alerts.ts gives with
// the alert's own `dueAt`. A parameter the server left out is left out of the sentence.
const has = (p: MessageParameters, key: string): boolean => p[key] !== undefined && p[key] !== "";
//! The last day of a term that ends at `instant` (the start of the next day).
const dayBefore = (instant: string): string => (instant ? new Date(Date.parse(instant) - 1).toISOString() : "");
//! A subscription alert's last day of term: its termEndDate, else the day before dueAt.
const termEndOf = (p: MessageParameters): string => formatDate(str(p, "termEndDate") || dayBefore(str(p, "dueAt")));
const plansOf = (p: MessageParameters): string => (Array.isArray(p.plans) ? p.plans.join(", ") : str(p, "plans"));
const MIGRATION_ATTENTION: Record<Locale, Record<string, string>> = {
  en: {
    paused: "was paused: open it to resume it or roll it back",
    failed: "failed: open it to check its errors",
    completedWithErrors: "completed with errors: some customers were not moved; open it to check its errors",
  },
  tr: {
    paused: "duraklatıldı: sürdürmek ya da geri almak için geçişi açın",
    failed: "başarısız oldu: hataları incelemek için geçişi açın",
    completedWithErrors: "hatalarla tamamlandı: bazı müşteriler taşınamadı; hataları incelemek için geçişi açın",
  },
};
const migrationAttention = (locale: Locale, status: string): string =>
  MIGRATION_ATTENTION[locale][status === "completed_with_errors" ? "completedWithErrors" : status] ??
  (locale === "tr" ? "ilgi bekliyor: geçişi açın" : "needs attention: open it");

const MESSAGES: Record<Locale, Record<string, Say>> = {
  en: {
    "warning.servicePlanNotCovered": (p, title) => `${title(str(p, "targetOfferId"))} lacks service plans users have: ${str(p, "servicePlans")}`,
    "warning.servicePlanTierChanged": (p, title) => `${title(str(p, "targetOfferId"))} provides ${str(p, "servicePlan")} as ${str(p, "keptAs")}`,
    "warning.sourceNotActive": (p) => `The old subscription is ${valueLabelIn("en", str(p, "status")).toLowerCase()}, not active`,
    "warning.endDateBeforeRun": (p) => `The old subscription ended on ${formatDate(str(p, "endDate"))}, before the migration on ${formatDate(str(p, "runDate"))}`,
    "warning.targetAlreadyHeld": (p, title) =>
      `The customer already holds ${title(str(p, "targetOfferId"))} (${str(p, "quantity")} seats, ${str(p, "freeSeats")} free): ${str(p, "seatsAdded")} seats are added to it`,
    "warning.notEnoughSeats": (p, title) =>
      `${str(p, "seats")} seats of ${title(str(p, "targetOfferId"))} for ${str(p, "users")} users: ${str(p, "usersLeft")} would stay on ${title(str(p, "sourceOfferId"))}`,
    "warning.noSourceSubscription": (p, title) => `No live subscription of ${title(str(p, "sourceOfferId"))}: its ${str(p, "users")} users cannot be migrated`,
    "warning.seatsRaisedToMinimum": (p, title) => `${str(p, "seatsAsked")} seats asked, raised to the minimum of ${title(str(p, "targetOfferId"))}: ${str(p, "minimum")}`,
    "warning.seatsAboveMaximum": (p, title) => `${str(p, "seatsAsked")} seats asked, capped at ${str(p, "seats")} (the maximum of ${title(str(p, "targetOfferId"))} is ${str(p, "maximum")})`,
    "warning.targetNotPurchasable": (p, title) =>
      p.market
        ? `${title(str(p, "offerId"))} is not sold in the customer's country (${str(p, "market")})`
        : p.offerId
          ? `${title(str(p, "offerId"))} can no longer be bought`
          : "No replacement plan can be bought",
    "warning.priceMissing": (p, title) => `${title(str(p, "offerId"))} has no ${str(p, "currency")} price for this term: the cost is unknown`,
    "warning.changedSincePlanning": (p, title) => `Nobody held ${title(str(p, "sourceOfferId"))} when the migration ran: skipped, nothing bought`,
    "reason.recommendedInFamily": (p) => recommendation("en", p, false),
    "reason.recommendedInFallbackFamily": (p) => recommendation("en", p, true),
    "reason.noReplacementListed": (p, title) => `${title(str(p, "offerId"))} lists no replacement plan`,
    "reason.noReplacementPurchasable": (p, title) => `No replacement of ${title(str(p, "offerId"))} can be bought with a ${str(p, "currency")} price`,
    "reason.noReplacementForSegment": (p) => `No replacement suits a ${(VALUE_LABELS.en[str(p, "segment")] ?? "").toLowerCase()} customer`,
    "licenseWarning.allServicePlansExcluded": (p, title) => `Every service plan of ${title(str(p, "skuId"))} is excluded: the license grants nothing`,
    "licenseWarning.userUnlicensed": () => "The user holds no license after this change and loses all service",
    "error.900213": (p) =>
      p.cancellationAllowedUntilDate
        ? `It can no longer be cancelled: its 168-hour window closed on ${formatInstant(str(p, "cancellationAllowedUntilDate"))}, and the customer is committed until ${formatDate(str(p, "commitmentEndDate"))}.`
        : `It was bought before seatshift knew it and cannot be cancelled: the customer is committed until ${formatDate(str(p, "commitmentEndDate"))}.`,
    "error.900214": (p) =>
      num(p, "refundableQuantity") === 0
        ? `No seat can be given back any more: the customer is committed to them until ${formatDate(str(p, "commitmentEndDate"))}. Schedule the decrease for the renewal instead.`
        : `Only ${str(p, "refundableQuantity")} seats can still be given back: the customer is committed to the rest until ${formatDate(str(p, "commitmentEndDate"))}. Schedule the decrease for the renewal instead.`,
    "error.900246": (p) =>
      daysOf(p, "allowed").length
        ? `This end date is not allowed for the next term; it may end on: ${daysOf(p, "allowed").map((d) => formatDate(d)).join(", ")}.`
        : "No custom end date is allowed for the next term: it ends a whole term after it starts.",
    "error.900263": () => "This is a legacy subscription: it cannot be cancelled or have its next term scheduled; suspend it instead (deprovisioned 120 days later at no cost).",
    // A customer rolled back after its purchase's 168 hours: the users are back, the commitment stays.
    "rollback.900213": (p) =>
      str(p, "renews") === "withoutAddedSeats"
        ? `The users are back on their old plan, but the added seats were past their 168 hours: ${str(p, "seats")} seats stay committed until ${formatDate(str(p, "commitmentEndDate"))}, and it renews without them.`
        : str(p, "renews") === "no"
          ? `The users are back on their old plan, but the purchase was past its 168 hours: ${str(p, "seats")} seats stay committed until ${formatDate(str(p, "commitmentEndDate"))}, and it does not renew.`
          : `The users are back on their old plan, but ${str(p, "seats")} seats stay committed until ${formatDate(str(p, "commitmentEndDate"))}.`,    "alert.autoRenewOffEnding": (p) => {
      const of = has(p, "companyName") ? `of ${str(p, "companyName")}` : "of a customer";
      const users = !has(p, "assignedLicenses") ? "its users lose the service" : num(p, "assignedLicenses") > 0 ? `the ${str(p, "assignedLicenses")} users holding its licenses lose the service` : "its seats end";
      return `Auto-renew is off for ${has(p, "offerName") ? str(p, "offerName") : "a subscription"} ${of}, and its term ends on ${termEndOf(p)}. Unless it is renewed or moved to a new plan, ${users}.`;
    },
    "alert.renewingWithUnusedSeats": (p) => {
      const of = has(p, "companyName") ? `of ${str(p, "companyName")}` : "of a customer";
      const seats = has(p, "quantity") ? ` with ${str(p, "quantity")} seats` : "";
      const unused = has(p, "unusedSeats") ? `${str(p, "unusedSeats")} of its seats are` : "some of its seats are";
      const to = has(p, "assignedLicenses") ? `the ${str(p, "assignedLicenses")} assigned seats` : "the assigned seats";
      return `${has(p, "offerName") ? str(p, "offerName") : "A subscription"} ${of} renews on ${formatDate(str(p, "dueAt"))}${seats}; ${unused} used by no license and would be paid for again for nothing. Reduce it to ${to} at the renewal.`;
    },
    "alert.cancellationWindowClosing": (p) => {
      const what = `${has(p, "quantity") ? `${str(p, "quantity")} seats of ` : ""}${has(p, "offerName") ? str(p, "offerName") : "a subscription"}`;
      const until = formatInstant(str(p, "windowClosesAt") || str(p, "dueAt"));
      const ends = has(p, "termEndDate") ? ` (${formatDate(str(p, "termEndDate"))})` : "";
      return `The purchase of ${what}${has(p, "companyName") ? ` for ${str(p, "companyName")}` : ""} can be cancelled or reduced with a refund only until ${until}. After that the customer is committed to them until the term ends${ends}.`;
    },
    "alert.migrationNeedsAttention": (p) => {
      const which = has(p, "offerName") ? `The migration from ${str(p, "offerName")}` : "A migration";
      return `${which} ${migrationAttention("en", str(p, "migrationStatus"))}.`;
    },
    "alert.serviceLoss": (p) => {
      const users = has(p, "users") ? `${str(p, "users")} users` : "Users";
      const plans = plansOf(p) ? `: ${plansOf(p)}` : "";
      return `${users} of ${has(p, "companyName") ? str(p, "companyName") : "a customer"} lose service plans by ${formatDate(str(p, "dueAt"))}${plans}. Renew the subscription or move the users to a new plan.`;
    },
  },
  tr: {
    "warning.servicePlanNotCovered": (p, title) => `${title(str(p, "targetOfferId"))} kullanıcıların şu hizmet planlarını içermiyor: ${str(p, "servicePlans")}`,
    "warning.servicePlanTierChanged": (p, title) => `${title(str(p, "targetOfferId"))}, ${str(p, "servicePlan")} hizmetini ${str(p, "keptAs")} olarak sağlıyor`,
    "warning.sourceNotActive": (p) => `Eski abonelik etkin değil (${valueLabelIn("tr", str(p, "status"))})`,
    "warning.endDateBeforeRun": (p) => `Eski abonelik ${formatDate(str(p, "endDate"))} tarihinde bitti, geçiş ${formatDate(str(p, "runDate"))} tarihinde`,
    "warning.targetAlreadyHeld": (p, title) =>
      `Müşteride ${title(str(p, "targetOfferId"))} zaten var (${str(p, "quantity")} lisans, ${str(p, "freeSeats")} boş): ikinci abonelik yerine ${str(p, "seatsAdded")} lisans eklenir`,
    "warning.notEnoughSeats": (p, title) =>
      `${str(p, "users")} kullanıcı için ${title(str(p, "targetOfferId"))} planında ${str(p, "seats")} lisans: ${str(p, "usersLeft")} kullanıcı ${title(str(p, "sourceOfferId"))} planında kalır`,
    "warning.noSourceSubscription": (p, title) => `Canlı bir ${title(str(p, "sourceOfferId"))} aboneliği yok: lisansı olan ${str(p, "users")} kullanıcı taşınamaz`,
    "warning.seatsRaisedToMinimum": (p, title) => `${str(p, "seatsAsked")} lisans istendi, ${title(str(p, "targetOfferId"))} planının en azı olan ${str(p, "minimum")} lisansa yükseltildi`,
    "warning.seatsAboveMaximum": (p, title) => `${str(p, "seatsAsked")} lisans istendi, ${str(p, "seats")} ile sınırlandı (${title(str(p, "targetOfferId"))} en fazla ${str(p, "maximum")})`,
    "warning.targetNotPurchasable": (p, title) =>
      p.market
        ? `${title(str(p, "offerId"))} müşterinin ülkesinde (${str(p, "market")}) satılmıyor`
        : p.offerId
          ? `${title(str(p, "offerId"))} artık satın alınamıyor`
          : "Yerine geçecek planların hiçbiri satın alınamıyor",
    "warning.priceMissing": (p, title) => `${title(str(p, "offerId"))} için bu sürede ${str(p, "currency")} fiyatı yok: maliyet bilinmiyor`,
    "warning.changedSincePlanning": (p, title) => `Geçiş çalıştığında kimsede ${title(str(p, "sourceOfferId"))} yoktu: atlandı, bir şey satın alınmadı`,
    "reason.recommendedInFamily": (p) => recommendation("tr", p, false),
    "reason.recommendedInFallbackFamily": (p) => recommendation("tr", p, true),
    "reason.noReplacementListed": (p, title) => `${title(str(p, "offerId"))} için yerine geçecek plan tanımlı değil`,
    "reason.noReplacementPurchasable": (p, title) => `${title(str(p, "offerId"))} planının yerine geçeceklerin hiçbiri ${str(p, "currency")} fiyatıyla satın alınamıyor`,
    "reason.noReplacementForSegment": (p) => `Yerine geçecek planların hiçbiri ${(VALUE_LABELS.tr[str(p, "segment")] ?? "").toLocaleLowerCase("tr")} müşteriye uygun değil`,
    "licenseWarning.allServicePlansExcluded": (p, title) => `${title(str(p, "skuId"))} lisansının bütün hizmet planları hariç tutuldu: lisans hiçbir şey sağlamıyor`,
    "licenseWarning.userUnlicensed": () => "Kullanıcının bu değişiklikten sonra hiç lisansı kalmıyor ve bütün hizmetleri kaybediyor",
    "error.900213": (p) =>
      p.cancellationAllowedUntilDate
        ? `Artık iptal edilemez: 168 saatlik iptal süresi ${formatInstant(str(p, "cancellationAllowedUntilDate"))} tarihinde doldu ve müşteri ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında.`
        : `seatshift'ten önce satın alındığı için iptal edilemez: müşteri ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında.`,
    "error.900214": (p) =>
      num(p, "refundableQuantity") === 0
        ? `Artık hiçbir lisans iade edilemez: müşteri bu lisanslar için ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında. Azaltmayı bunun yerine yenilemeye planlayın.`
        : `Yalnızca ${str(p, "refundableQuantity")} lisans hâlâ iade edilebilir: müşteri geri kalanı için ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında. Azaltmayı bunun yerine yenilemeye planlayın.`,
    "error.900246": (p) =>
      daysOf(p, "allowed").length
        ? `Bu bitiş tarihi sonraki dönem için seçilemez; seçilebilecek tarihler: ${daysOf(p, "allowed").map((d) => formatDate(d)).join(", ")}.`
        : "Sonraki dönem için özel bitiş tarihi seçilemez: dönem başladıktan tam bir dönem sonra biter.",
    "error.900263": () => "Bu eski tip bir abonelik: iptal edilemez ve sonraki dönemi planlanamaz; bunun yerine askıya alın (120 gün sonra ücretsiz olarak kaldırılır).",
    "rollback.900213": (p) =>
      str(p, "renews") === "withoutAddedSeats"
        ? `Kullanıcılar eski planlarına döndü; ancak eklenen lisansların 168 saati dolduğu için ${str(p, "seats")} lisans ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında kalıyor ve abonelik bunlar olmadan yenilenecek.`
        : str(p, "renews") === "no"
          ? `Kullanıcılar eski planlarına döndü; ancak satın almanın 168 saati dolduğu için ${str(p, "seats")} lisans ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında kalıyor ve abonelik yenilenmeyecek.`
          : `Kullanıcılar eski planlarına döndü; ancak ${str(p, "seats")} lisans ${formatDate(str(p, "commitmentEndDate"))} tarihine kadar taahhüt altında kalıyor.`,    "alert.autoRenewOffEnding": (p) => {
      const owner = has(p, "companyName") ? `${str(p, "companyName")} şirketinin` : "Bir müşterinin";
      const users = !has(p, "assignedLicenses") ? "kullanıcıları hizmeti kaybeder" : num(p, "assignedLicenses") > 0 ? `lisansı olan ${str(p, "assignedLicenses")} kullanıcı hizmeti kaybeder` : "lisansları sona erer";
      return `${owner} ${has(p, "offerName") ? str(p, "offerName") : "bir"} aboneliğinde otomatik yenileme kapalı ve dönemi ${termEndOf(p)} tarihinde sona eriyor. Yenilenmez ya da yeni bir plana taşınmazsa ${users}.`;
    },
    "alert.renewingWithUnusedSeats": (p) => {
      const owner = has(p, "companyName") ? `${str(p, "companyName")} şirketinin` : "Bir müşterinin";
      const seats = has(p, "quantity") ? ` ${str(p, "quantity")} lisansla` : "";
      const unused = has(p, "unusedSeats") ? `${str(p, "unusedSeats")} lisansı` : "bazı lisansları";
      const to = has(p, "assignedLicenses") ? `atanmış lisans sayısına (${str(p, "assignedLicenses")})` : "atanmış lisans sayısına";
      return `${owner} ${has(p, "offerName") ? str(p, "offerName") : "bir"} aboneliği ${formatDate(str(p, "dueAt"))} tarihinde${seats} yenilenecek; ${unused} hiçbir kullanıcıya atanmamış ve boşuna yeniden ödenecek. Yenilemede ${to} düşürün.`;
    },
    "alert.cancellationWindowClosing": (p) => {
      const owner = has(p, "companyName") ? `${str(p, "companyName")} şirketinin` : "Bir müşterinin";
      const what = `${has(p, "quantity") ? `${str(p, "quantity")} lisanslık ` : ""}${has(p, "offerName") ? str(p, "offerName") : "bir"}`;
      const until = formatInstant(str(p, "windowClosesAt") || str(p, "dueAt"));
      const ends = has(p, "termEndDate") ? ` (${formatDate(str(p, "termEndDate"))})` : "";
      return `${owner} ${what} satın alımı yalnızca ${until} tarihine kadar iadeli olarak iptal edilebilir ya da azaltılabilir. Bu süreden sonra müşteri bu lisanslar için dönem sonuna${ends} kadar taahhüt altında kalır.`;
    },
    "alert.migrationNeedsAttention": (p) => {
      const which = has(p, "offerName") ? `${str(p, "offerName")} planından geçiş` : "Bir geçiş";
      return `${which} ${migrationAttention("tr", str(p, "migrationStatus"))}.`;
    },
    "alert.serviceLoss": (p) => {
      const where = has(p, "companyName") ? `${str(p, "companyName")} şirketinde` : "Bir müşteride";
      const users = has(p, "users") ? `${str(p, "users")} kullanıcı` : "kullanıcılar";
      const plans = plansOf(p) ? `şu hizmet planlarını kaybedecek: ${plansOf(p)}` : "hizmet planlarını kaybedecek";
      return `${where} ${users} ${formatDate(str(p, "dueAt"))} tarihine kadar ${plans}. Aboneliği yenileyin ya da kullanıcıları yeni bir plana taşıyın.`;
    },
  },
};

function valueLabelIn(locale: Locale, value: string): string {
  return VALUE_LABELS[locale][value] ?? value;
}

//! A coded message of the API in the agent's language, from its code and parameters (`title`
//! names a SKU by its id). A code this portal does not know: its short label when the kind has
//! one (warnings), else "Error <code>" — never the API's English sentence on a Turkish page.
export function messageText(
  kind: "warning" | "reason" | "licenseWarning" | "error" | "rollback" | "alert",
  code: string,
  parameters: MessageParameters | undefined,
  title: (id: string) => string = (id) => id,
): string {
  const say = MESSAGES[current][`${kind}.${code}`];
  if (say) return say(parameters ?? {}, title);
  if (kind === "warning" && hasCodeLabel("warning", code)) return codeLabel("warning", code);
  return t("errorWithCode", { code });
}

//! Whether a coded message of `kind` is said from its parameters in the agent's language.
export function hasMessage(kind: "warning" | "reason" | "licenseWarning" | "error" | "rollback" | "alert", code: string): boolean {
  return `${kind}.${code}` in MESSAGES[current];
}
