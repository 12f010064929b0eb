// The page's words in English and Chinese. The language follows the browser until the user picks one.
// Static text is marked in the HTML (data-i18n, data-i18n-placeholder, data-i18n-label); code uses t().

const STORAGE_KEY = 'chatstream.language';

const DICTIONARIES = {
    en: {
        'language': 'Language',
        'signin.label': 'Pick a user name',
        'signin.placeholder': 'alice',
        'signin.submit': 'Sign in',
        'signin.hint': 'Development sign-in: no password, any name opens its own conversations.',
        'signin.external': 'This page is opened by your application, which passes your sign-in along. Open it from there again.',
        'signin.sso': 'Sign in with your organisation',
        'signin.ssoHint': "You will sign in on your organisation's sign-in page and come back here.",
        'signin.providerUnreachable': 'The sign-in page cannot be reached: {message}',
        'signin.missing': 'You are not signed in.',
        'signin.expired': 'Your sign-in has expired or is not valid. Please sign in again.',
        'signin.failed': 'Sign-in failed: {message}',
        'signout': 'Sign out',
        'signedInAs': 'Signed in as {user}',
        'sidebar.open': 'Open menu',
        'sidebar.close': 'Close menu',
        'assistants.title': 'Assistants',
        'sessions.title': 'Chats',
        'sessions.new': 'New chat',
        'sessions.untitled': 'New chat',
        'sessions.empty': 'No chats yet',
        'sessions.loading': 'Loading…',
        'sessions.rename': 'Rename “{topic}”',
        'sessions.delete': 'Delete “{topic}”',
        'sessions.renameTitle': 'Rename chat',
        'sessions.deleteTitle': 'Delete chat?',
        'sessions.deleteText': '“{topic}” and all its messages will be deleted.',
        'sessions.deleteConfirm': 'Delete',
        'sessions.save': 'Save',
        'dialog.cancel': 'Cancel',
        'messages.label': 'Conversation',
        'messages.latest': '↓ Latest',
        'messages.loadingOlder': 'Loading earlier messages…',
        'messages.thinking': 'Thinking',
        'messages.copy': 'Copy',
        'messages.copied': 'Copied',
        'messages.copyReply': 'Copy reply',
        'messages.retry': 'Retry',
        'messages.tokens': '{prompt} + {completion} tokens',
        'messages.tokensTitle': 'Prompt: {prompt} tokens, reply: {completion} tokens, total: {total}',
        'status.cancelled': 'Stopped',
        'status.incomplete': 'Incomplete',
        'status.failed': 'Failed',
        'status.interrupted': 'Interrupted',
        'status.streaming': 'Writing…',
        'status.length': 'Cut off at the length limit',
        'composer.label': 'Message',
        'composer.placeholder': 'Message {assistant}…',
        'composer.send': 'Send',
        'composer.stop': 'Stop',
        'composer.hint': 'Enter to send, Shift+Enter for a new line',
        'attach.label': 'Attach images',
        'attach.hint': 'Attach images: PNG, JPEG, WebP or GIF, up to {size} MB each, {count} per message. You can also drop or paste them.',
        'attach.drop': 'Drop images to attach them',
        'attach.uploading': 'Uploading {name}',
        'attach.remove': 'Remove {name}',
        'attach.tooMany': 'A message can show at most {count} images.',
        'attach.notAnImage': '{name} is not a PNG, JPEG, WebP or GIF image.',
        'attach.tooLarge': '{name} is larger than {size} MB.',
        'attach.failed': '{name} was not attached: {reason}',
        'messages.image': 'Image',
        'messages.provider': 'Answered by the provider {provider}',
        'error.unsupported_media_type': 'It is not a PNG, JPEG, WebP or GIF image (or it is animated).',
        'error.too_many_pixels': 'The image has too many pixels.',
        'error.upload_quota_exceeded': 'Your images use all the space you have. Delete chats with images to make room.',
        'error.images_not_supported': 'This model cannot see images. Remove them, or pick another assistant.',
        'error.network': 'The server cannot be reached. Check your connection.',
        'error.unauthorized': 'Your sign-in has expired.',
        'error.not_found': 'This chat no longer exists.',
        'error.rate_limited': 'Too many messages at once. Try again in a moment.',
        'error.too_many_generations': 'Wait for a reply to finish before sending more.',
        'error.server_busy': 'The server is busy. Try again in a moment.',
        'error.too_large': 'The message is too long.',
        'error.upstream_unavailable': 'The model is not reachable right now.',
        'error.upstream_timeout': 'The model took too long to answer.',
        'error.upstream_rejected': 'The model refused this request.',
        'error.upstream_invalid_response': 'The model sent an unreadable answer.',
        'error.reply_not_saved': 'The reply could not be saved.',
        'error.reader_too_slow': 'The connection fell behind.',
        'error.internal': 'Something went wrong on the server.',
        'error.interrupted': 'The connection was lost before the reply ended.',
        'error.retryIn': '{message} (try again in {seconds} s)',
        'apiKeys.open': 'API keys',
        'apiKeys.title': 'API keys',
        'apiKeys.close': 'Close',
        'apiKeys.hint': 'A key lets a tool act as you with "Authorization: Bearer <key>". Treat it like a password.',
        'apiKeys.newTitle': 'Your new key',
        'apiKeys.newWarning': 'Copy it now: it will not be shown again.',
        'apiKeys.copy': 'Copy',
        'apiKeys.copied': 'Copied',
        'apiKeys.done': 'I have copied it',
        'apiKeys.name': 'Name',
        'apiKeys.namePlaceholder': 'e.g. my editor',
        'apiKeys.expiry': 'Expires',
        'apiKeys.never': 'Never',
        'apiKeys.days7': 'In 7 days',
        'apiKeys.days30': 'In 30 days',
        'apiKeys.days90': 'In 90 days',
        'apiKeys.days365': 'In a year',
        'apiKeys.create': 'Create key',
        'apiKeys.loading': 'Loading…',
        'apiKeys.empty': 'No API keys yet',
        'apiKeys.created': 'Created {date}',
        'apiKeys.lastUsed': 'last used {date}',
        'apiKeys.neverUsed': 'never used',
        'apiKeys.expires': 'expires {date}',
        'apiKeys.expired': 'expired {date}',
        'apiKeys.noExpiry': 'no expiry',
        'apiKeys.admin': 'admin',
        'apiKeys.revoke': 'Revoke “{name}”',
        'apiKeys.revokeTitle': 'Revoke API key?',
        'apiKeys.revokeText': 'Tools using “{name}” will be refused at once. This cannot be undone.',
        'apiKeys.revokeConfirm': 'Revoke',
        'error.too_many_api_keys': 'You have as many API keys as allowed. Revoke one first.',
        'error.forbidden': 'This is not allowed.',
        'branch.previous': 'Previous version',
        'branch.next': 'Next version',
        'branch.position': '{index}/{count}',
        'branch.label': 'Version {index} of {count}',
        'messages.edit': 'Edit message',
        'messages.editLabel': 'Edit your message',
        'messages.editSave': 'Save and send',
        'messages.regenerate': 'Regenerate reply',
        'messages.rate.up': 'Good reply',
        'messages.rate.down': 'Bad reply',
        'search.label': 'Search chats',
        'search.placeholder': 'Search chats',
        'search.clear': 'Clear search',
        'search.none': 'No chats match “{query}”',
        'export.open': 'Export',
        'export.label': 'Export this chat',
        'export.markdown': 'Markdown (.md)',
        'export.json': 'JSON, every version (.json)',
        'import.open': 'Import',
        'import.hint': 'Open a chat exported as JSON',
        'error.reply_streaming': 'This reply is still being written. Wait for it to finish.',
    },
    zh: {
        'language': '语言',
        'signin.label': '输入用户名',
        'signin.placeholder': '例如 alice',
        'signin.submit': '登录',
        'signin.hint': '开发环境登录：无需密码，每个名字都有自己的对话。',
        'signin.external': '此页面由您的应用打开，并由它传递登录信息。请从应用中重新打开。',
        'signin.sso': '使用单位账号登录',
        'signin.ssoHint': '您将在单位的登录页面登录，然后返回此处。',
        'signin.providerUnreachable': '无法打开登录页面：{message}',
        'signin.missing': '您尚未登录。',
        'signin.expired': '登录已过期或无效，请重新登录。',
        'signin.failed': '登录失败：{message}',
        'signout': '退出登录',
        'signedInAs': '当前用户：{user}',
        'sidebar.open': '打开菜单',
        'sidebar.close': '关闭菜单',
        'assistants.title': '助手',
        'sessions.title': '对话',
        'sessions.new': '新对话',
        'sessions.untitled': '新对话',
        'sessions.empty': '还没有对话',
        'sessions.loading': '加载中…',
        'sessions.rename': '重命名“{topic}”',
        'sessions.delete': '删除“{topic}”',
        'sessions.renameTitle': '重命名对话',
        'sessions.deleteTitle': '删除对话？',
        'sessions.deleteText': '“{topic}”及其全部消息将被删除。',
        'sessions.deleteConfirm': '删除',
        'sessions.save': '保存',
        'dialog.cancel': '取消',
        'messages.label': '对话内容',
        'messages.latest': '↓ 最新消息',
        'messages.loadingOlder': '正在加载更早的消息…',
        'messages.thinking': '思考过程',
        'messages.copy': '复制',
        'messages.copied': '已复制',
        'messages.copyReply': '复制回复',
        'messages.retry': '重试',
        'messages.tokens': '{prompt} + {completion} 个 token',
        'messages.tokensTitle': '提示：{prompt} 个 token，回复：{completion} 个 token，合计：{total}',
        'status.cancelled': '已停止',
        'status.incomplete': '未完成',
        'status.failed': '失败',
        'status.interrupted': '已中断',
        'status.streaming': '正在输入…',
        'status.length': '已达长度上限',
        'composer.label': '消息',
        'composer.placeholder': '给{assistant}发消息…',
        'composer.send': '发送',
        'composer.stop': '停止',
        'composer.hint': 'Enter 发送，Shift+Enter 换行',
        'attach.label': '添加图片',
        'attach.hint': '添加图片：PNG、JPEG、WebP 或 GIF，每张不超过 {size} MB，每条消息最多 {count} 张。也可以拖放或粘贴。',
        'attach.drop': '松开即可添加图片',
        'attach.uploading': '正在上传 {name}',
        'attach.remove': '移除 {name}',
        'attach.tooMany': '每条消息最多 {count} 张图片。',
        'attach.notAnImage': '{name} 不是 PNG、JPEG、WebP 或 GIF 图片。',
        'attach.tooLarge': '{name} 超过 {size} MB。',
        'attach.failed': '{name} 未能添加：{reason}',
        'messages.image': '图片',
        'messages.provider': '由提供方 {provider} 回答',
        'error.unsupported_media_type': '这不是 PNG、JPEG、WebP 或 GIF 图片（或是动图）。',
        'error.too_many_pixels': '图片像素太多。',
        'error.upload_quota_exceeded': '你的图片已用完全部空间，请删除一些带图片的对话。',
        'error.images_not_supported': '此模型无法识别图片。请移除图片或换一个助手。',
        'error.network': '无法连接服务器，请检查网络。',
        'error.unauthorized': '登录已过期。',
        'error.not_found': '此对话已不存在。',
        'error.rate_limited': '发送太频繁，请稍后再试。',
        'error.too_many_generations': '请等待当前回复完成后再发送。',
        'error.server_busy': '服务器繁忙，请稍后再试。',
        'error.too_large': '消息太长。',
        'error.upstream_unavailable': '模型暂时无法访问。',
        'error.upstream_timeout': '模型响应超时。',
        'error.upstream_rejected': '模型拒绝了此请求。',
        'error.upstream_invalid_response': '模型返回了无法解析的内容。',
        'error.reply_not_saved': '回复未能保存。',
        'error.reader_too_slow': '连接跟不上回复的速度。',
        'error.internal': '服务器出错了。',
        'error.interrupted': '回复结束前连接已断开。',
        'error.retryIn': '{message}（{seconds} 秒后可重试）',
        'apiKeys.open': 'API 密钥',
        'apiKeys.title': 'API 密钥',
        'apiKeys.close': '关闭',
        'apiKeys.hint': '工具可凭密钥以您的身份访问（"Authorization: Bearer <密钥>"）。请像密码一样妥善保管。',
        'apiKeys.newTitle': '新密钥',
        'apiKeys.newWarning': '请立即复制：它不会再次显示。',
        'apiKeys.copy': '复制',
        'apiKeys.copied': '已复制',
        'apiKeys.done': '我已复制',
        'apiKeys.name': '名称',
        'apiKeys.namePlaceholder': '例如 我的编辑器',
        'apiKeys.expiry': '有效期',
        'apiKeys.never': '永不过期',
        'apiKeys.days7': '7 天',
        'apiKeys.days30': '30 天',
        'apiKeys.days90': '90 天',
        'apiKeys.days365': '一年',
        'apiKeys.create': '创建密钥',
        'apiKeys.loading': '加载中…',
        'apiKeys.empty': '还没有 API 密钥',
        'apiKeys.created': '创建于 {date}',
        'apiKeys.lastUsed': '最近使用 {date}',
        'apiKeys.neverUsed': '从未使用',
        'apiKeys.expires': '{date} 过期',
        'apiKeys.expired': '已于 {date} 过期',
        'apiKeys.noExpiry': '永不过期',
        'apiKeys.admin': '管理员',
        'apiKeys.revoke': '吊销“{name}”',
        'apiKeys.revokeTitle': '吊销 API 密钥？',
        'apiKeys.revokeText': '使用“{name}”的工具将立即被拒绝。此操作无法撤销。',
        'apiKeys.revokeConfirm': '吊销',
        'error.too_many_api_keys': 'API 密钥数量已达上限，请先吊销一个。',
        'error.forbidden': '不允许此操作。',
        'branch.previous': '上一个版本',
        'branch.next': '下一个版本',
        'branch.position': '{index}/{count}',
        'branch.label': '第 {index} 个版本，共 {count} 个',
        'messages.edit': '编辑消息',
        'messages.editLabel': '编辑您的消息',
        'messages.editSave': '保存并发送',
        'messages.regenerate': '重新生成回复',
        'messages.rate.up': '好回复',
        'messages.rate.down': '差回复',
        'search.label': '搜索对话',
        'search.placeholder': '搜索对话',
        'search.clear': '清除搜索',
        'search.none': '没有与“{query}”匹配的对话',
        'export.open': '导出',
        'export.label': '导出此对话',
        'export.markdown': 'Markdown（.md）',
        'export.json': 'JSON，含所有版本（.json）',
        'import.open': '导入',
        'import.hint': '打开以 JSON 格式导出的对话',
        'error.reply_streaming': '此回复仍在生成，请等待它完成。',
    },
};

export const LANGUAGES = Object.keys(DICTIONARIES);

let language = initialLanguage();

function initialLanguage() {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) {
        return saved;
    }
    const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
    for (const tag of preferred) {
        const base = String(tag).toLowerCase().split('-')[0];
        if (LANGUAGES.includes(base)) {
            return base;
        }
    }
    return 'en';
}

export function currentLanguage() {
    return language;
}

/** The text for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
    const text = DICTIONARIES[language][key] ?? DICTIONARIES.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether the dictionary knows key (used for error codes from the server). */
export function has(key) {
    return key in DICTIONARIES.en;
}

/** Gives element a translated text that follows later language switches. */
export function setText(element, key, params) {
    element.dataset.i18n = key;
    if (params) {
        element.dataset.i18nParams = JSON.stringify(params);
    }
    element.textContent = t(key, params);
    return element;
}

/** Gives element a translated aria-label (and tooltip) that follows later language switches. */
export function setLabel(element, key, params) {
    element.dataset.i18nLabel = key;
    if (params) {
        element.dataset.i18nParams = JSON.stringify(params);
    }
    element.setAttribute('aria-label', t(key, params));
    element.title = t(key, params);
    return element;
}

/** Applies the current language to every marked element under root. */
export function translate(root = document) {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    const params = element => (element.dataset.i18nParams ? JSON.parse(element.dataset.i18nParams) : {});
    for (const element of root.querySelectorAll('[data-i18n]')) {
        element.textContent = t(element.dataset.i18n, params(element));
    }
    for (const element of root.querySelectorAll('[data-i18n-placeholder]')) {
        element.placeholder = t(element.dataset.i18nPlaceholder, params(element));
    }
    for (const element of root.querySelectorAll('[data-i18n-label]')) {
        element.setAttribute('aria-label', t(element.dataset.i18nLabel, params(element)));
        if (element.title) {
            element.title = t(element.dataset.i18nLabel, params(element));
        }
    }
    for (const element of root.querySelectorAll('[data-i18n-title]')) {
        element.title = t(element.dataset.i18nTitle, params(element));
    }
    for (const select of root.querySelectorAll('.language-select')) {
        select.value = language;
    }
}

/** Switches the language, remembers it for this browser and tells the page ('languagechange' on document). */
export function setLanguage(next) {
    if (!LANGUAGES.includes(next) || next === language) {
        return;
    }
    language = next;
    localStorage.setItem(STORAGE_KEY, next);
    translate();
    document.dispatchEvent(new CustomEvent('languagechange'));
}
