"""The gazetteer: known companies, their aliases, products and cloud brands (data only)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    """A company under its canonical name (FACTS.md), with what the press calls it."""

    name: str
    aliases: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    # Cloud brands: money spent "on Azure" is a compute purchase from the company.
    clouds: tuple[str, ...] = ()
    # AI labs are what financing news is usually about; it breaks ties for the article's topic.
    is_lab: bool = False
    # Clouds and GPU clouds: in a compute deal between one of them and a lab, the lab is the buyer.
    sells_compute: bool = False
    # GPU clouds also sell capacity to big companies and clouds: in a deal between one of them and a company that is
    # no GPU cloud (Microsoft, Meta), the other company is the buyer.
    is_gpu_cloud: bool = False


COMPANIES: tuple[Company, ...] = (
    Company("Anthropic", ("Anthropic PBC",), ("Claude",), is_lab=True),
    Company("OpenAI", ("Open AI",), ("ChatGPT", "GPT-4o", "GPT-4", "GPT-5", "Sora", "DALL-E", "Codex"), is_lab=True),
    Company("Microsoft", ("Microsoft Corp", "MSFT"),
            ("Copilot", "Windows", "Bing", "Microsoft Foundry", "Azure AI Foundry", "Foundry"),
            ("Microsoft Azure", "Azure"), sells_compute=True),
    Company("Nvidia", ("NVIDIA", "Nvidia Corp"), ("Blackwell", "CUDA")),
    Company("Amazon", ("Amazon.com", "Amazon Web Services"), ("Alexa",), ("Amazon Web Services", "AWS"),
            sells_compute=True),
    Company("Google", ("Alphabet", "Google DeepMind", "DeepMind"), ("Gemini",),
            ("Google Cloud Platform", "Google Cloud", "GCP"), sells_compute=True),
    Company("Oracle", ("Oracle Corp",), (), ("Oracle Cloud Infrastructure", "Oracle Cloud", "OCI"), sells_compute=True),
    Company("Meta", ("Meta Platforms", "Facebook"), ("Llama",)),
    Company("xAI", ("X.AI",), ("Grok",), is_lab=True),
    Company("Mistral AI", ("Mistral",), ("Le Chat",), is_lab=True),
    Company("SoftBank", ("SoftBank Group", "Softbank"), ()),
    Company("CoreWeave", (), (), ("CoreWeave Cloud",), sells_compute=True, is_gpu_cloud=True),
    Company("Nebius", ("Nebius Group",), (), sells_compute=True, is_gpu_cloud=True),
    Company("Broadcom", (), ()),
    Company("AMD", ("Advanced Micro Devices",), ()),
    Company("Intel", (), ()),
    Company("Apple", (), ("iPhone", "Siri")),
    Company("Arm", ("ARM Holdings", "ARM"), ()),
    Company("Cohere", (), ("Command R",), is_lab=True),
    Company("Perplexity", ("Perplexity AI",), (), is_lab=True),
    Company("Safe Superintelligence", ("SSI",), (), is_lab=True),
    Company("Thinking Machines Lab", ("Thinking Machines",), (), is_lab=True),
    Company("Inflection AI", ("Inflection",), (), is_lab=True),
    Company("Databricks", (), ()),
    Company("Scale AI", (), ()),
    Company("Hugging Face", (), (), is_lab=True),
    Company("Poolside", (), (), is_lab=True),
    Company("H Company", (), (), is_lab=True),
    Company("Helsing", (), ()),
    Company("Anysphere", (), ("Cursor",), is_lab=True),
    Company("Figure AI", (), (), is_lab=True),
    Company("Character.AI", ("Character AI", "Character.ai"), (), is_lab=True),
    Company("Adept", ("Adept AI",), (), is_lab=True),
    Company("Runway", ("Runway AI", "Runway ML"), (), is_lab=True),
    Company("Harvey", ("Harvey AI",), (), is_lab=True),
    Company("Reflection AI", (), (), is_lab=True),
    Company("Lovable", (), (), is_lab=True),
    Company("Black Forest Labs", ("BFL",), ("FLUX", "FLUX.1"), is_lab=True),
    Company("Tesla", (), ()),
    Company("Samsung", (), ()),
    Company("ASML", (), ()),
    Company("Cerebras", ("Cerebras Systems",), ()),
    Company("Groq", (), ()),
    Company("Nscale", (), (), sells_compute=True, is_gpu_cloud=True),
    Company("Fluidstack", (), (), sells_compute=True, is_gpu_cloud=True),
    Company("Lambda", ("Lambda Labs",), (), sells_compute=True, is_gpu_cloud=True),
    Company("Crusoe", (), (), sells_compute=True, is_gpu_cloud=True),
    Company("Thrive Capital", (), ()),
    Company("Andreessen Horowitz", ("a16z",), ()),
    Company("Sequoia Capital", ("Sequoia",), ()),
    Company("Lightspeed Venture Partners", ("Lightspeed",), ()),
    Company("Bpifrance", (), ()),
    Company("MGX", (), ()),
    Company("ICONIQ", ("Iconiq", "Iconiq Capital", "ICONIQ Capital", "ICONIQ Growth"), ()),
    Company("Fidelity", (), ()),
    Company("General Catalyst", (), ()),
    Company("Salesforce", (), ()),
    Company("IBM", (), ()),
    Company("Dell", (), ()),
    Company("Qualcomm", (), ()),
    Company("Cisco", (), ()),
)
