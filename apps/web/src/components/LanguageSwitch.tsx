import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../i18n';

const labels: Record<Language, string> = { 'zh-CN': '中文', 'en-US': 'English' };

/** 中文 / English; the choice is kept in localStorage, and antd and dayjs follow it. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: (Object.keys(labels) as Language[]).map((l) => ({ key: l, label: labels[l] })),
        onClick: ({ key }) => void changeLanguage(key as Language),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('common.language')} data-testid="language-switch">
        {compact ? null : labels[lang]}
      </Button>
    </Dropdown>
  );
}
