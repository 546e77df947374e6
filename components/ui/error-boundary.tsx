"use client";

import { Component, type ReactNode } from "react";
import { ErrorNotice } from "./error-notice";

/** Catches a suspense query's error (or any render error) in one section, leaving the rest of the page up. */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset?: () => void }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    if (this.state.error)
      return (
        <ErrorNotice
          error={this.state.error}
          onRetry={() => {
            this.props.onReset?.();
            this.setState({ error: null });
          }}
        />
      );
    return this.props.children;
  }
}
