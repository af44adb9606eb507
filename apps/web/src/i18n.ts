import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import cockpitEn from './locales/cockpit.en-US.json';
import cockpitZh from './locales/cockpit.zh-CN.json';
import enUS from './locales/en-US.json';
import evaluationEn from './locales/evaluation.en-US.json';
import evaluationZh from './locales/evaluation.zh-CN.json';
import insightEn from './locales/insight.en-US.json';
import insightZh from './locales/insight.zh-CN.json';
import ledgerEn from './locales/ledger.en-US.json';
import ledgerZh from './locales/ledger.zh-CN.json';
import workEn from './locales/work.en-US.json';
import workZh from './locales/work.zh-CN.json';
import zhCN from './locales/zh-CN.json';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'chanjiao.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(storageKey);
    if (v === 'en-US' || v === 'zh-CN') return v;
  } catch {
    // storage unavailable (private mode): use the default
  }
  return 'zh-CN';
}

function applyDayjs(lang: Language): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
applyDayjs(initial);

void i18n.use(initReactI18next).init({
  // Talent pages keep their texts in their own files: `work.*` (enterprise and student pages),
  // `insight.*` (school and official pages, reports).
  resources: {
    'zh-CN': {
      translation: {
        ...zhCN,
        work: workZh,
        insight: insightZh,
        evaluation: evaluationZh,
        ledger: ledgerZh,
        cockpit: cockpitZh,
      },
    },
    'en-US': {
      translation: {
        ...enUS,
        work: workEn,
        insight: insightEn,
        evaluation: evaluationEn,
        ledger: ledgerEn,
        cockpit: cockpitEn,
      },
    },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Switches the UI language, remembers it, and moves dayjs along. */
export async function changeLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // ignore
  }
  applyDayjs(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;
