import { Select, type SelectProps } from 'antd';

const separators = [',', '，', '、'];

/**
 * Free-text tags (skills, certificates) in a form: typed, split on a comma or 、, no dropdown.
 * The rest of the props go to the antd Select (e.g. `suffixIcon={null}`, a test id).
 */
export function TagsInput(props: Omit<SelectProps<string[]>, 'mode' | 'open'>) {
  return <Select mode="tags" tokenSeparators={separators} open={false} {...props} />;
}
