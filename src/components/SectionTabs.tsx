/**
 * A row of section names with their number keys (`1 Overview  2 History …`); the current
 * one is bracketed and drawn inverse, so it is visible without colour.
 */
import { Box, Text } from 'ink';
import { theme } from './theme.js';

/** Props of {@link SectionTabs}. */
export interface SectionTabsProps {
  titles: readonly string[];
  current: number;
  width: number;
}

/** The tab row. */
export function SectionTabs({ titles, current, width }: SectionTabsProps) {
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        {titles.map((t, i) => {
          const label = `${i + 1} ${t}`;
          return (
            // Titles are unique within a screen.
            <Text key={t}>
              {i > 0 ? ' ' : ''}
              {i === current ? (
                <Text inverse bold>
                  [{label}]
                </Text>
              ) : (
                <Text color={theme.muted}> {label} </Text>
              )}
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
